package org.dnslens.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * STYLE.md 2.2: the engine's package rules, enforced rather than written down. The rules run as JUnit
 * Jupiter dynamic tests (one per rule) because ArchUnit's own JUnit 5 engine found no tests under this
 * Surefire/JUnit Platform 1.13 combination.
 */
class EngineArchitectureTest {
  private static final JavaClasses ENGINE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.dnslens.engine");

  @TestFactory
  Stream<DynamicTest> engineRules() {
    return Arrays.stream(EngineArchitectureTest.class.getDeclaredFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == ArchRule.class)
        .map(f -> DynamicTest.dynamicTest(f.getName(), () -> rule(f).check(ENGINE)));
  }

  private static ArchRule rule(Field f) throws IllegalAccessException {
    return (ArchRule) f.get(null);
  }

  // The one exception: pcap4j 1.x hands packet times out as java.sql.Timestamp (a Date with nanoseconds),
  // so LiveCapture may touch that class and nothing else of java.sql (rule below).
  static final ArchRule engineHasNoStorageUiOrSql =
      noClasses()
          .that()
          .resideInAPackage("org.dnslens.engine..")
          .and()
          .doNotHaveFullyQualifiedName("org.dnslens.engine.capture.LiveCapture")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "java.sql..",
              "javax.sql..",
              "javafx..",
              "picocli..",
              "org.jdbi..",
              "org.h2..",
              "org.flywaydb..",
              "org.dnslens.storage..",
              "org.dnslens.cli..",
              "org.dnslens.gui..");

  static final ArchRule liveCaptureUsesOnlyPcap4jsTimestampFromSql =
      noClasses()
          .that()
          .haveFullyQualifiedName("org.dnslens.engine.capture.LiveCapture")
          .should()
          .dependOnClassesThat(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "are in java.sql/javax.sql/UI/storage other than java.sql.Timestamp",
                  (com.tngtech.archunit.core.domain.JavaClass c) ->
                      !c.getName().equals("java.sql.Timestamp")
                          && (c.getPackageName().startsWith("java.sql")
                              || c.getPackageName().startsWith("javax.sql")
                              || c.getPackageName().startsWith("javafx")
                              || c.getPackageName().startsWith("picocli")
                              || c.getPackageName().startsWith("org.dnslens.storage"))));

  static final ArchRule pcap4jOnlyInCapture =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.dnslens.engine.capture..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.pcap4j..");

  // dnstap frames are protobuf; the generated classes and their only reader live in engine.dnstap.
  static final ArchRule protobufOnlyInDnstap =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.dnslens.engine.dnstap..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.google.protobuf..");

  static final ArchRule dnsjavaOnlyInDns =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.dnslens.engine.dns..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.xbill.DNS..");

  // IOC lists arrive as STIX 2.1 and MISP JSON, so engine.ioc parses JSON too (docs/ARCHITECTURE.md).
  static final ArchRule jacksonOnlyInExportAndIoc =
      noClasses()
          .that()
          .resideOutsideOfPackages("org.dnslens.engine.export..", "org.dnslens.engine.ioc..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.fasterxml..");

  static final ArchRule modelDependsOnNothingElseInDnslens =
      noClasses()
          .that()
          .resideInAPackage("org.dnslens.engine.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.dnslens.engine.capture..",
              "org.dnslens.engine.decode..",
              "org.dnslens.engine.dns..",
              "org.dnslens.engine.pairing..",
              "org.dnslens.engine.passive..",
              "org.dnslens.engine.detect..",
              "org.dnslens.engine.ioc..",
              "org.dnslens.engine.export..",
              "org.dnslens.engine.ingest..",
              "org.dnslens.engine.dnstap..",
              "org.dnslens.engine.issue..");

  static final ArchRule detectorsAndPassiveSeeModelOnly =
      noClasses()
          .that()
          .resideInAnyPackage("org.dnslens.engine.detect..", "org.dnslens.engine.passive..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.dnslens.engine.capture..", "org.dnslens.engine.decode..", "java.nio..");
}
