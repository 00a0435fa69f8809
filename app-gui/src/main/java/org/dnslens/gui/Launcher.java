package org.dnslens.gui;

import javafx.application.Application;

/**
 * The shaded jar's main class. It must not extend {@link Application}: the Java launcher refuses to start
 * an Application subclass from the class path when JavaFX is not on the module path.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    Application.launch(DnslensApp.class, args);
  }
}
