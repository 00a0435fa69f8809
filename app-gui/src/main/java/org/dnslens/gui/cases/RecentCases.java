package org.dnslens.gui.cases;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recently opened cases, newest first, one absolute path a line in a small UTF-8 file
 * ({@code ~/.dnslens/recent-cases} by default). A missing or unreadable file is an empty list: losing the
 * list is never worth an error dialog.
 */
public final class RecentCases {
  public static final int MAX_ENTRIES = 10;
  /** Longer lines are not paths we wrote. */
  private static final int MAX_LINE_CHARS = 4096;

  private final Path file;

  public RecentCases(Path file) {
    this.file = file;
  }

  public static RecentCases inUserHome() {
    return new RecentCases(Path.of(System.getProperty("user.home"), ".dnslens", "recent-cases"));
  }

  public List<Path> list() {
    List<Path> out = new ArrayList<>();
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_ENTRIES * (long) MAX_LINE_CHARS) {
        return out;
      }
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && line.length() <= MAX_LINE_CHARS && out.size() < MAX_ENTRIES) {
          out.add(Path.of(line.strip()));
        }
      }
    } catch (IOException | RuntimeException e) {
      return new ArrayList<>();
    }
    return out;
  }

  /** Moves {@code caseFile} to the front. */
  public List<Path> add(Path caseFile) {
    Path abs = caseFile.toAbsolutePath().normalize();
    List<Path> list = list();
    list.remove(abs);
    list.add(0, abs);
    while (list.size() > MAX_ENTRIES) {
      list.remove(list.size() - 1);
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, list.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Not fatal: the case is open, only the menu entry is lost.
      return list;
    }
    return list;
  }
}
