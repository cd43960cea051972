package io.guestlink.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package map of docs/architecture.md, checked on the main classes: no package cycle, arrows pointing down
 * (app -> pipeline -> domain and store -> model), SQL only in the store, Camel only in app.
 */
@AnalyzeClasses(packages = "io.guestlink", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** The packages that decide (plain Java: no Camel, no JDBC, no store, no pipeline). */
    private static final String[] DOMAIN = {"io.guestlink.model..", "io.guestlink.config..", "io.guestlink.identity..",
            "io.guestlink.memory..", "io.guestlink.alert..", "io.guestlink.hl7..", "io.guestlink.event..",
            "io.guestlink.ingest..", "io.guestlink.access.."};

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.guestlink.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule domainKnowsNoCamel = noClasses().that().resideInAnyPackage(DOMAIN)
            .and().resideOutsideOfPackage("io.guestlink.ingest.poll..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.camel..");

    @ArchTest
    static final ArchRule domainKnowsNoStoreNoPipelineNoApp = noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage("io.guestlink.store..", "io.guestlink.pipeline..",
                    "io.guestlink.app..");

    @ArchTest
    static final ArchRule storeKnowsNoPipelineNoApp = noClasses().that().resideInAPackage("io.guestlink.store..")
            .should().dependOnClassesThat().resideInAnyPackage("io.guestlink.pipeline..", "io.guestlink.app..");

    @ArchTest
    static final ArchRule pipelineKnowsNoApp = noClasses().that().resideInAPackage("io.guestlink.pipeline..")
            .should().dependOnClassesThat().resideInAnyPackage("io.guestlink.app..", "org.apache.camel..");

    /** SQL lives in the store (and in the legacy-database reader, which reads a PMS's own tables). */
    @ArchTest
    static final ArchRule sqlOnlyInTheStore = noClasses().that().resideOutsideOfPackages("io.guestlink.store..",
                    "io.guestlink.ingest.poll..", "io.guestlink.app..")
            .should().dependOnClassesThat().resideInAPackage("java.sql..");

    /** Only the importers (and the composition in app) read feeds. */
    @ArchTest
    static final ArchRule onlyImportersUseIngest = noClasses().that().resideOutsideOfPackages("io.guestlink.ingest..",
                    "io.guestlink.pipeline..", "io.guestlink.app..")
            .should().dependOnClassesThat().resideInAPackage("io.guestlink.ingest..");
}
