package dev.turbulence.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** The binder's contract, on records of this test's own: paths, presence, types, unions and the record's word. */
class BinderTest {

    enum Colour {
        DEEP_RED,
        BLUE
    }

    sealed interface Shape permits Circle, Square, Oblong {}

    record Circle(double radius) implements Shape {
        Circle {
            if (!(radius > 0)) {
                throw new InvalidDefinitionException("circle", List.of(new Problem("radius", radius, "must be > 0")));
            }
        }
    }

    record Square(double side) implements Shape {}

    record Oblong(double width, double height) implements Shape {}

    record Drawing(String name, Shape shape, Colour colour, int copies, Duration after, List<Object> labels) {
        Drawing {
            Problems problems = new Problems();
            Limits.checkName(problems, "name", name);
            if (copies < 1) {
                problems.add("copies", copies, "must be >= 1");
            }
            if (shape == null) {
                problems.add("shape", null, "is required");
            }
            problems.throwIfAny("drawing");
        }
    }

    private static final Union SHAPES = Union.on("kind")
            .type("circle", Circle.class)
            .type(
                    "quad",
                    (tree, path, problems) -> tree.containsKey("width") ? Oblong.class : Square.class,
                    Set.of(),
                    List.of(Square.class, Oblong.class));

    private static final Binder BINDER = Binder.create()
            .with(SHAPES, Shape.class)
            .with(Form.of(Drawing.class)
                    .field("after", "delay")
                    .defaultTo("colour", Colour.BLUE, "blue")
                    .defaultTo("copies", 1, "1")
                    .defaultTo("labels", null, "none")
                    .exclusive("delay", "labels"));

    private static Drawing bind(String yaml) {
        return BINDER.bind(Drawing.class, Trees.read(yaml, "YAML"), Problems.strict(), "drawing");
    }

    private static List<Problem> problems(String yaml) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(InvalidDefinitionException.class, () -> bind(yaml))
                .problems();
    }

    @Test
    void bindsEveryComponentByItsTypeWithDefaultsForWhatIsLeftOut() {
        assertThat(bind("{name: a, shape: {kind: circle, radius: 2}, colour: deep-red, delay: 5s}"))
                .isEqualTo(new Drawing("a", new Circle(2), Colour.DEEP_RED, 1, Duration.ofSeconds(5), null));
        assertThat(bind("{name: a, shape: {kind: circle, radius: 2}, colour: DEEP_RED}")
                        .colour())
                .isEqualTo(Colour.DEEP_RED);
        assertThat(bind("{name: a, shape: {kind: quad, side: 1}, labels: [x, 2, true], copies: 3}"))
                .isEqualTo(new Drawing("a", new Square(1), Colour.BLUE, 3, null, List.of("x", 2, true)));
    }

    @Test
    void aUnionsChooserPicksTheRecordAndItsMembersFieldsAreKnown() {
        assertThat(bind("{name: a, shape: {kind: quad, width: 1, height: 2}}").shape())
                .isEqualTo(new Oblong(1, 2));
        assertThat(problems("{name: a, shape: {kind: hexagon}}"))
                .containsExactly(new Problem("shape.kind", "hexagon", "must be one of [circle, quad]"));
    }

    @Test
    void reportsEveryProblemOnceUnderItsFieldPath() {
        assertThat(problems("{name: A, shape: {kind: circle, radius: -1}, copies: 0, colour: green, tint: 3}"))
                .containsExactlyInAnyOrder(
                        new Problem(
                                "tint",
                                3,
                                "is not a known field; known fields are "
                                        + "[colour, copies, delay, labels, name, shape]"),
                        new Problem("colour", "green", "must be one of deep-red, blue"),
                        new Problem("shape.radius", -1.0, "must be > 0"),
                        new Problem("name", "A", "must match " + Limits.NAME_PATTERN),
                        new Problem("copies", 0, "must be >= 1"));
    }

    @Test
    void aValueThatCannotBeReadIsNotReportedAgainByTheRecord() {
        assertThat(problems("{name: a, shape: {kind: circle, radius: big}, copies: many}"))
                .containsExactlyInAnyOrder(
                        new Problem("shape.radius", "big", "must be a number"),
                        new Problem("copies", "many", "must be a whole number"));
    }

    @Test
    void presenceIsTheFormsWordAndValuesTheRecords() {
        assertThat(problems("{name: a, shape: {kind: quad}, copies: null}"))
                .containsExactlyInAnyOrder(
                        new Problem("shape.side", null, "is required"),
                        new Problem("copies", null, "must not be null; leave it out for the default, 1"));
        assertThat(problems("{name: a, shape: {kind: circle, radius: 1}, delay: 1s, labels: [x]}"))
                .containsExactly(new Problem("delay", "1s", "must not be given together with labels"));
        assertThat(problems("{name: a}")).containsExactly(new Problem("shape", null, "is required"));
    }

    @Test
    void writesWhatItReadsBackEqual() {
        Drawing drawing = new Drawing("a", new Oblong(1, 2), Colour.DEEP_RED, 2, Duration.ofMillis(1500), null);
        Map<String, Object> tree = BINDER.write(drawing);

        assertThat(tree).containsEntry("delay", "PT1.5S").containsEntry("colour", "deep-red");
        assertThat(tree.get("shape"))
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("kind", "quad");
        assertThat(BINDER.bind(Drawing.class, tree, new Problems(), "drawing")).isEqualTo(drawing);
    }
}
