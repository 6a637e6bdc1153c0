package dev.turbulence;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.turbulence");

    /** Each package on its own, the root package included (a pattern such as {@code dev.turbulence.(*)..} skips it). */
    static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "each package";
        }
    };

    @Test
    void coreImportsNeitherSpringNorResilience4j() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.github.resilience4j..")
                .check(core);
    }

    @Test
    void noPackageDependsOnAPackageThatDependsOnIt() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(core);
    }

    @Test
    void theSchemaToolkitDependsOnNothingElseOfTurbulence() {
        classes()
                .that()
                .resideInAPackage("dev.turbulence.schema")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.turbulence.schema", "java..", "org.yaml.snakeyaml..")
                .check(core);
    }

    @Test
    void callSitesAndInjectionsDependOnSmallInterfacesNotOnTheEngine() {
        noClasses()
                .that()
                .belongToAnyOf(CallSite.class, Injection.class, MethodChaos.class, Decorators.class)
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(ChaosEngine.class, PlanAssembly.class, KillSwitch.class)
                .check(core);
    }

    /**
     * What a failure does at a call site lives in one {@link Fault.Shape} per adapter shape, so that a new kind of
     * failure cannot be forgotten by an adapter: none tells failures apart with {@code instanceof}.
     */
    @Test
    void adaptersTellFailuresApartOnlyThroughTheirShape() {
        classes()
                .that()
                .resideInAnyPackage("dev.turbulence.http", "dev.turbulence.jdbc")
                .or()
                .belongToAnyOf(Failures.class, Injection.class, ReactorSignals.class, MethodChaos.class)
                .should(NOT_TELL_FAILURES_APART)
                .check(core);
    }

    static final ArchCondition<JavaClass> NOT_TELL_FAILURES_APART =
            new ArchCondition<>("not tell failures apart with instanceof") {
                @Override
                public void check(JavaClass javaClass, ConditionEvents events) {
                    for (JavaCodeUnit unit : javaClass.getCodeUnits()) {
                        unit.getInstanceofChecks().stream()
                                .filter(check -> check.getRawType().isAssignableTo(Fault.Failure.class))
                                .forEach(check -> events.add(SimpleConditionEvent.violated(
                                        check,
                                        unit.getFullName() + " checks instanceof "
                                                + check.getRawType().getName() + " at "
                                                + check.getSourceCodeLocation())));
                    }
                }
            };
}
