package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.schema.InvalidDefinitionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exceptions whose class has neither a {@code (String)} nor a {@code ()} constructor, made with arguments. */
class ExceptionArgumentsTest {

    /** As a payment client declares it: a reason and an HTTP-like code, and no other constructor. */
    public static class PaymentDeclined extends RuntimeException {
        public final int code;
        public final boolean retryable;

        public PaymentDeclined(String reason, int code) {
            this(reason, code, false);
        }

        public PaymentDeclined(String reason, int code, boolean retryable) {
            super(reason + " (" + code + ")");
            this.code = code;
            this.retryable = retryable;
        }
    }

    private static final String CLASS = PaymentDeclined.class.getName();

    private final ChaosEngine engine = ChaosEngine.create();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void theCallerSeesTheExceptionMadeWithTheArgumentsOfTheDefinition() {
        engine.define(AssaultSchema.fromJson("""
                { "name": "declined", "target": { "kind": "supplier", "name": "payments" },
                  "fault": { "type": "exception", "class": "%s", "arguments": ["card expired", 402, true] } }""".formatted(CLASS)));
        engine.enable();
        Supplier<String> pay = engine.decorateSupplier("payments", () -> "paid");

        assertThatThrownBy(pay::get)
                .isInstanceOf(PaymentDeclined.class)
                .hasMessage("card expired (402)")
                .satisfies(thrown -> {
                    assertThat(((PaymentDeclined) thrown).code).isEqualTo(402);
                    assertThat(((PaymentDeclined) thrown).retryable).isTrue();
                });
    }

    @Test
    void propertiesGiveEveryArgumentAsAStringAndStillFit() {
        Assault assault = AssaultSchema.fromTree(
                Map.of("fault", Map.of("type", "exception", "class", CLASS, "arguments", List.of("limit", "429"))),
                "declined");

        Throwable thrown = ((Fault.ExceptionFault) assault.fault()).newThrowable();

        assertThat(thrown).isInstanceOf(PaymentDeclined.class).hasMessage("limit (429)");
        assertThat(AssaultSchema.fromTree(AssaultSchema.toTree(assault))).isEqualTo(assault);
    }

    @Test
    void aClassWithoutAMessageConstructorNeedsArgumentsAndSaysWhichConstructorsItHas() {
        assertThatThrownBy(() -> AssaultSchema.fromJson("""
                        { "name": "declined", "fault": { "type": "exception", "class": "%s" } }""".formatted(CLASS)))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid assault 'declined': fault.class must have a public (String) or () constructor, or"
                        + " the fault must give arguments that fit one of its constructors: (java.lang.String, int),"
                        + " (java.lang.String, int, boolean), but was '" + CLASS + "'");
    }

    @Test
    void argumentsThatFitNoConstructorAreRejectedNamingTheConstructors() {
        assertThatThrownBy(() -> AssaultSchema.fromJson("""
                        { "name": "declined", "fault": { "type": "exception", "class": "%s",
                          "arguments": ["card expired", 3000000000], "message": "x" } }""".formatted(CLASS)))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("Invalid assault 'declined': fault.message must not be given together with arguments,"
                        + " but was 'x'; fault.arguments must fit the parameters of a public constructor of " + CLASS
                        + ": (java.lang.String, int), (java.lang.String, int, boolean), but was [card expired,"
                        + " 3000000000]");
        assertThatThrownBy(() -> AssaultSchema.fromJson("""
                        { "name": "declined", "fault": { "type": "exception", "class": "%s",
                          "arguments": ["ok", { "nested": 1 }] } }""".formatted(CLASS)))
                .hasMessage("Invalid assault 'declined': fault.arguments[1] must be a string, a number or a boolean,"
                        + " but was {nested=1}");
    }

    /** Seeded random argument lists: each is accepted exactly when it fits a constructor, and then makes one. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomArgumentListsAreAcceptedExactlyWhenTheyFitAConstructor(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 200; i++) {
            List<Object> arguments = new ArrayList<>();
            int count = random.nextInt(4);
            for (int a = 0; a < count; a++) {
                arguments.add(
                        switch (random.nextInt(5)) {
                            case 0 -> "reason-" + random.nextInt(10);
                            case 1 -> (long) random.nextInt(1000);
                            case 2 -> random.nextLong();
                            case 3 -> random.nextBoolean();
                            default -> random.nextDouble();
                        });
            }
            boolean fits = fitsAConstructor(arguments);

            try {
                Fault.ExceptionFault fault = new Fault.ExceptionFault(PaymentDeclined.class, null, arguments);
                assertThat(fits).as("accepted %s", arguments).isTrue();
                assertThat(fault.newThrowable()).isInstanceOf(PaymentDeclined.class);
            } catch (InvalidDefinitionException refused) {
                assertThat(fits).as("refused %s", arguments).isFalse();
            }
        }
    }

    /**
     * The model: (String, int) or (String, int, boolean), an int being a whole number in range; no arguments fit
     * nothing, as the class has no (String) or () constructor.
     */
    private static boolean fitsAConstructor(List<Object> arguments) {
        if (arguments.size() < 2 || arguments.size() > 3 || !(arguments.get(0) instanceof String)) {
            return false;
        }
        boolean isInt = arguments.get(1) instanceof Long whole && whole == (int) (long) whole;
        return isInt && (arguments.size() == 2 || arguments.get(2) instanceof Boolean);
    }
}
