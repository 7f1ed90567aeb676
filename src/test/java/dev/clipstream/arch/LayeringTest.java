package dev.clipstream.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Enforces the dependency table of STYLE.md: imports point downward only. */
class LayeringTest {
  private static final String BASE = "dev.clipstream";
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);
  }

  private static String pkg(String name) {
    return BASE + "." + name + "..";
  }

  private static void onlyDependsOn(String layer, String... allowed) {
    String[] all = {
      "model",
      "config",
      "tokenizer",
      "preprocess",
      "batching",
      "runtime",
      "service",
      "api",
      "export",
      "cli"
    };
    java.util.List<String> forbidden = new java.util.ArrayList<>();
    for (String other : all) {
      if (other.equals(layer) || java.util.Arrays.asList(allowed).contains(other)) {
        continue;
      }
      forbidden.add(pkg(other));
    }
    noClasses()
        .that()
        .resideInAPackage(pkg(layer))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden.toArray(String[]::new))
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void modelDependsOnNothingInternal() {
    onlyDependsOn("model");
  }

  @Test
  void configDependsOnlyOnModel() {
    onlyDependsOn("config", "model");
  }

  @Test
  void tokenizerPreprocessAndBatchingDependOnlyOnModel() {
    onlyDependsOn("tokenizer", "model");
    onlyDependsOn("preprocess", "model");
    onlyDependsOn("batching", "model");
  }

  @Test
  void pureLibrariesNeverImportGrpcTensorflowOrQuarkus() {
    noClasses()
        .that()
        .resideInAnyPackage(pkg("tokenizer"), pkg("preprocess"), pkg("batching"), pkg("model"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "org.tensorflow..", "io.quarkus..", "io.smallrye..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void runtimeDependsOnModelAndConfigOnly() {
    onlyDependsOn("runtime", "model", "config");
  }

  @Test
  void onlyRuntimeAndExportImportTensorflow() {
    noClasses()
        .that()
        .resideOutsideOfPackages(pkg("runtime"), pkg("export"), pkg("cli"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.tensorflow..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void serviceUsesPortsNeverRuntime() {
    onlyDependsOn("service", "tokenizer", "preprocess", "batching", "model", "config");
  }

  @Test
  void onlyTheApiImportsGrpc() {
    noClasses()
        .that()
        .resideOutsideOfPackages(pkg("api"), pkg("cli"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "dev.clipstream.v1..", "clip.v1..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void apiDependsOnServiceModelAndConfig() {
    onlyDependsOn("api", "service", "model", "config");
  }

  @Test
  void exportDependsOnModelTokenizerAndPreprocess() {
    onlyDependsOn("export", "model", "tokenizer", "preprocess");
  }

  @Test
  void packagesHaveNoCycles() {
    slices()
        .matching(BASE + ".(*)..")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true)
        .check(classes);
  }
}
