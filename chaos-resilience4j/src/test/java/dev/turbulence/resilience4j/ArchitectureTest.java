package dev.turbulence.resilience4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.turbulence.resilience4j");

    @Test
    void neverImportsSpring() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(CLASSES);
    }

    @Test
    void onlyTheJunitPackageDependsOnJunit() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.turbulence.resilience4j.junit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.junit..", "org.opentest4j..")
                .check(CLASSES);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("dev.turbulence.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
