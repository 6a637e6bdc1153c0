/**
 * How Turbulence reads its definitions — assaults, experiments, probes, alarms, game days — whichever module
 * defines them: documents parsed into plain trees ({@link dev.turbulence.schema.Trees}: JSON, and YAML 1.2 with
 * SnakeYAML, bounded against hostile input), bound to definition records by one binder
 * ({@link dev.turbulence.schema.Binder}, with a {@link dev.turbulence.schema.Form} per record and a
 * {@link dev.turbulence.schema.Union} registry where one field may hold several records; the records' compact
 * constructors are the only validators), fields read from a tree with their paths
 * ({@link dev.turbulence.schema.Fields}), every problem collected ({@link dev.turbulence.schema.Problems}) and
 * reported at once in the one exception for an invalid definition,
 * {@link dev.turbulence.schema.InvalidDefinitionException}, each {@link dev.turbulence.schema.Problem} naming its
 * field path. Reports are written as JSON with {@link dev.turbulence.schema.Json}.
 *
 * <p>Applications meet {@code InvalidDefinitionException} and {@code Problem}; the rest is shared by Turbulence's
 * own modules and may change between versions. Nothing here depends on another Turbulence package.
 */
package dev.turbulence.schema;
