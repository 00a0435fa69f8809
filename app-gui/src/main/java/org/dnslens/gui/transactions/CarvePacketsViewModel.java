package org.dnslens.gui.transactions;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.dnslens.engine.capture.FrameCarver;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.storage.search.CaseInfo;
import org.dnslens.storage.search.StoredTransaction;

/**
 * "Export packets to pcap": the frames of the selected transactions (query and reply frame numbers, stored
 * per source file) carved from the original captures by the engine's {@link FrameCarver}, for Wireshark.
 *
 * <p>A case outlives the place its captures were read from. When a capture is not at its stored path (nor
 * beside the case file under the same name), {@link #missingCaptureProperty()} names it so the view can ask
 * where it is now; {@link #locate} accepts a file of the stored size only (a different capture would give
 * the wrong frames), and then carves again.
 */
public final class CarvePacketsViewModel {
  /** A capture the case refers to that is not where it was. */
  public record MissingCapture(int sourceId, String label, String storedPath) {}

  private final TaskRunner runner;
  private final Map<Integer, CaseInfo.Source> sources = new HashMap<>();
  private final Map<Integer, Path> relocated = new HashMap<>();
  private final StringProperty message = new SimpleStringProperty();
  private final ObjectProperty<MissingCapture> missingCapture = new SimpleObjectProperty<>();
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private Path caseDir;
  /** The export waiting for a moved capture to be located. */
  private Runnable pending;

  public CarvePacketsViewModel(TaskRunner runner) {
    this.runner = runner;
  }

  /** The open case's captures (from its summary) and its file, whose folder is searched for moved ones. */
  public void setCase(Path caseFile, CaseInfo info) {
    sources.clear();
    relocated.clear();
    pending = null;
    missingCapture.set(null);
    message.set(null);
    caseDir = caseFile == null ? null : caseFile.toAbsolutePath().getParent();
    if (info != null) {
      info.sources().forEach(s -> sources.put(s.id(), s));
    }
  }

  /** Carves the frames of {@code selection} into {@code out} in the background. */
  public void carve(List<StoredTransaction> selection, Path out) {
    List<StoredTransaction> rows = List.copyOf(selection);
    Map<Path, TreeSet<Long>> frames = new LinkedHashMap<>();
    for (StoredTransaction t : rows) {
      Path capture = where(t.sourceId());
      if (capture == null) {
        CaseInfo.Source s = sources.get(t.sourceId());
        String label = s != null ? s.label() : t.sourceLabel();
        String stored = s != null && s.path() != null ? s.path() : "(no path recorded)";
        pending = () -> carve(rows, out);
        missingCapture.set(new MissingCapture(t.sourceId(), label, stored));
        message.set("The capture " + label + " is no longer at " + stored
            + " (moved or deleted): show where it is now to export its packets.");
        return;
      }
      TreeSet<Long> set = frames.computeIfAbsent(capture, p -> new TreeSet<>());
      if (t.queryFrame() != null) {
        set.add(t.queryFrame());
      }
      if (t.replyFrame() != null) {
        set.add(t.replyFrame());
      }
    }
    List<FrameCarver.Request> requests = new ArrayList<>();
    frames.forEach((p, s) -> requests.add(new FrameCarver.Request(p, s)));
    running.set(true);
    message.set("Exporting packets...");
    runner.run(
        "Export packets",
        ctx -> FrameCarver.carve(requests, out),
        r -> {
          running.set(false);
          StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
              "Wrote %d frame%s of %d transaction%s to %s (%s).", r.written(), r.written() == 1 ? "" : "s",
              rows.size(), rows.size() == 1 ? "" : "s", out.getFileName(), r.format()));
          r.notFound().forEach((p, missing) -> sb.append(String.format(Locale.ROOT,
              " %s does not hold frame%s %s: is it the same capture?", p.getFileName(),
              missing.size() == 1 ? "" : "s", missing.size() > 5 ? missing.first() + "..." + missing.last() : missing)));
          message.set(sb.toString());
        },
        t -> {
          running.set(false);
          message.set(t instanceof NoSuchFileException n
              ? "The capture " + n.getFile() + " disappeared while exporting."
              : "Could not export the packets: " + t.getMessage());
        });
  }

  /**
   * The user's answer to {@link #missingCaptureProperty()}: where the capture is now. Refused (with a
   * message) when the file's size differs from the capture the case read; otherwise the waiting export runs.
   */
  public boolean locate(Path file) {
    MissingCapture m = missingCapture.get();
    if (m == null || file == null) {
      return false;
    }
    CaseInfo.Source s = sources.get(m.sourceId());
    long size;
    try {
      size = Files.size(file);
    } catch (java.io.IOException e) {
      message.set("Cannot read " + file.getFileName() + ": " + e.getMessage());
      return false;
    }
    if (s != null && s.sizeBytes() > 0 && size != s.sizeBytes()) {
      message.set(String.format(Locale.ROOT, "%s is %,d bytes but the case read %s at %,d bytes: not the same capture.",
          file.getFileName(), size, m.label(), s.sizeBytes()));
      return false;
    }
    relocated.put(m.sourceId(), file);
    missingCapture.set(null);
    Runnable again = pending;
    pending = null;
    if (again != null) {
      again.run();
    }
    return true;
  }

  /** Where a source's capture is now: as located by the user, as stored, or beside the case file; else null. */
  private Path where(int sourceId) {
    Path p = relocated.get(sourceId);
    if (p != null) {
      return p;
    }
    CaseInfo.Source s = sources.get(sourceId);
    if (s == null || s.path() == null) {
      return null;
    }
    Path stored = Path.of(s.path());
    if (Files.isRegularFile(stored)) {
      return stored;
    }
    if (caseDir != null && stored.getFileName() != null) {
      Path beside = caseDir.resolve(stored.getFileName());
      if (Files.isRegularFile(beside)) {
        return beside;
      }
    }
    return null;
  }

  public StringProperty messageProperty() {
    return message;
  }

  public ObjectProperty<MissingCapture> missingCaptureProperty() {
    return missingCapture;
  }

  public BooleanProperty runningProperty() {
    return running;
  }
}
