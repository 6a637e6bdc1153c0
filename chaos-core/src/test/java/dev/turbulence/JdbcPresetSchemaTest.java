package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.schema.InvalidDefinitionException;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcPresetSchemaTest {

    @Test
    void readsAnExceptionPresetForAJdbcTarget() {
        Assault assault = AssaultSchema.fromYaml("""
                name: orders-deadlock
                target: { kind: jdbc, name: orders-db, attributes: { operation: commit } }
                fault: { type: exception, preset: deadlock, message: "lock wait" }
                """);

        assertThat(assault.fault()).isEqualTo(new Fault.JdbcFailure(Fault.JdbcFailure.Preset.DEADLOCK, "lock wait"));
        assertThat(assault.fault().type()).isEqualTo("exception");
        SQLException thrown = ((Fault.JdbcFailure) assault.fault()).newException();
        assertThat((Throwable) thrown)
                .isExactlyInstanceOf(SQLTransactionRollbackException.class)
                .hasMessage("lock wait");
        assertThat(thrown.getSQLState()).isEqualTo("40001");
    }

    @ParameterizedTest
    @EnumSource(Fault.JdbcFailure.Preset.class)
    void readsEveryPresetByItsId(Fault.JdbcFailure.Preset preset) {
        Assault assault = AssaultSchema.fromJson("{\"name\":\"a\",\"target\":{\"kind\":\"jdbc\"},"
                + "\"fault\":{\"type\":\"exception\",\"preset\":\"" + preset.id() + "\"}}");

        assertThat(assault.fault()).isEqualTo(new Fault.JdbcFailure(preset, null));
        assertThat(((Fault.JdbcFailure) assault.fault()).newException().getSQLState())
                .isEqualTo(preset.sqlState());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {kind: jdbc}     | {type: exception, preset: meltdown}                       | fault.preset must be one of connection-failure, link-failure, deadlock, statement-timeout, but was 'meltdown'
            {kind: jdbc}     | {type: exception, preset: deadlock, class: java.sql.SQLException} | fault.class must not be given together with preset, but was 'java.sql.SQLException'
            {kind: http}     | {type: exception, preset: deadlock}                       | fault.preset needs target.kind jdbc (target.kind is http), but was 'deadlock'
            {kind: supplier} | {type: exception, preset: link-failure}                   | fault.preset needs target.kind jdbc (target.kind is supplier), but was 'link-failure'
            {name: orders}   | {type: exception, preset: link-failure}                   | fault.preset needs target.kind jdbc (target.kind is any), but was 'link-failure'
            {kind: jdbc}     | {type: http-status, status: 503}                          | fault.type needs target.kind http or inbound (target.kind is jdbc), but was 'http-status'
            {kind: jdbc}     | {type: corrupt-body, mode: truncate}                      | fault.type needs target.kind http (target.kind is jdbc), but was 'corrupt-body'
            """)
    void rejectsPresetsAndHttpFaultsAimedAtTheWrongCallSites(String target, String fault, String message) {
        assertThatThrownBy(() -> AssaultSchema.fromYaml("{name: a, target: " + target + ", fault: " + fault + "}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid assault 'a': " + message);
    }

    @Test
    void rejectsAPresetAtTheWrongCallSiteWhenBuiltInCode() {
        assertThatThrownBy(() -> Assault.builder("a")
                        .target(CallSiteKind.HTTP, "inventory")
                        .fault(new Fault.JdbcFailure(Fault.JdbcFailure.Preset.STATEMENT_TIMEOUT, null))
                        .build())
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage(
                        "Invalid assault 'a': fault.preset needs target.kind jdbc (target.kind is http), but was 'statement-timeout'");
    }
}
