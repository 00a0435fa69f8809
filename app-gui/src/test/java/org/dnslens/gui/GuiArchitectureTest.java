package org.dnslens.gui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** STYLE.md 2.2 rule 5: view-models hold state without the scene graph; only gui.task hops threads. */
class GuiArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.dnslens.gui");

  @Test
  void viewModelsDoNotSeeTheSceneGraph() {
    noClasses().that().haveSimpleNameEndingWith("ViewModel")
        .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.application..")
        .check(CLASSES);
  }

  @Test
  void onlyTheTaskPackageCallsRunLater() {
    noClasses().that().resideOutsideOfPackage("org.dnslens.gui.task..")
        .should().callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
        .check(CLASSES);
  }
}
