package org.dnslens.gui.dialog;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Alert;
import javafx.scene.control.TextArea;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Dialogs in one place: errors as plain sentences with details expandable, and file choosers. */
public class DialogService {
  private final Window owner;

  public DialogService(Window owner) {
    this.owner = owner;
  }

  public void error(String sentence, String details) {
    Alert a = new Alert(Alert.AlertType.ERROR, sentence);
    a.initOwner(owner);
    a.setHeaderText(null);
    if (details != null && !details.isBlank()) {
      TextArea t = new TextArea(details);
      t.setEditable(false);
      a.getDialogPane().setExpandableContent(t);
    }
    a.show();
  }

  public Path chooseCase() {
    FileChooser c = new FileChooser();
    c.setTitle("Open case");
    c.getExtensionFilters().add(new FileChooser.ExtensionFilter("dnslens case", "*.mv.db"));
    File f = c.showOpenDialog(owner);
    return f == null ? null : f.toPath();
  }

  public List<Path> chooseCaptures() {
    FileChooser c = new FileChooser();
    c.setTitle("Ingest captures");
    List<File> fs = c.showOpenMultipleDialog(owner);
    return fs == null ? List.of() : fs.stream().map(File::toPath).toList();
  }

  public Path chooseNewCase() {
    FileChooser c = new FileChooser();
    c.setTitle("Ingest into case");
    c.setInitialFileName("case.mv.db");
    File f = c.showSaveDialog(owner);
    return f == null ? null : f.toPath();
  }

  public Path chooseIocList() {
    FileChooser c = new FileChooser();
    c.setTitle("Load IOC list");
    File f = c.showOpenDialog(owner);
    return f == null ? null : f.toPath();
  }

  public Path chooseDirectory() {
    File f = new DirectoryChooser().showDialog(owner);
    return f == null ? null : f.toPath();
  }
}
