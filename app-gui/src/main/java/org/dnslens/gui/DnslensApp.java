package org.dnslens.gui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.dnslens.gui.cases.RecentCases;
import org.dnslens.gui.dialog.DialogService;
import org.dnslens.gui.task.FxTaskRunner;

/** {@code dnslens gui [CASE|CAPTURE...]}: the window, opened on the case or captures given. */
public final class DnslensApp extends Application {
  private FxTaskRunner runner;
  private MainWindowViewModel model;

  @Override
  public void start(Stage stage) {
    runner = new FxTaskRunner();
    model = new MainWindowViewModel(runner, RecentCases.inUserHome());
    MainWindowView view = new MainWindowView(model, new DialogService(stage), stage);
    stage.setTitle("dnslens");
    stage.setScene(new Scene(view.root(), 1280, 800));
    stage.show();
    List<Path> args = getParameters().getRaw().stream().map(Path::of).toList();
    model.cases().openPaths(args, null);
  }

  @Override
  public void stop() {
    if (model != null) {
      model.cases().close();
    }
    if (runner != null) {
      runner.close();
    }
  }
}
