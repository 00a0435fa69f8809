package org.dnslens.storage.layout;

import com.github.luben.zstd.util.Native;
import com.github.luben.zstd.util.ZstdVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * zstd-jni's native library, unpacked once per user and version into {@code $XDG_CACHE_HOME/dnslens} (else
 * {@code ~/.cache/dnslens}) and loaded from there. zstd-jni itself unpacks it into the temp folder at every
 * JVM start: a case on a full disk, or a process under a file-size limit, could then not be opened at all
 * (DiskFullIngestTest found it). The copy is written under a temporary name and renamed into place only
 * when whole, and used only when its size is the jar's entry's, so a killed first run leaves no torn
 * library for a later one to map. Any failure here returns false and zstd-jni's own unpacking is tried.
 */
final class CachedZstdLibrary {
  private CachedZstdLibrary() {}

  /** True when the library was loaded from the cache folder (unpacked there first if need be). */
  static boolean load() {
    try {
      String resource = resourceName();
      URL url = resource == null ? null : Native.class.getResource(resource);
      Path folder = folder();
      if (url == null || folder == null) {
        return false;
      }
      URLConnection connection = url.openConnection();
      long size = connection.getContentLengthLong();
      if (size <= 0) {
        return false;
      }
      Path lib = folder.resolve(resource.substring(resource.lastIndexOf('/') + 1));
      if (!Files.isRegularFile(lib) || Files.size(lib) != size) {
        Files.createDirectories(folder);
        Path partial = Files.createTempFile(folder, "libzstd-jni-", ".partial");
        try (InputStream in = connection.getInputStream()) {
          Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
          if (Files.size(partial) != size) {
            return false;
          }
          Files.move(partial, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(partial);
        }
      }
      System.load(lib.toAbsolutePath().toString());
      Native.assumeLoaded();
      return true;
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      return false;
    }
  }

  /** The library's path in zstd-jni's jar for this platform (as zstd-jni names it), or null elsewhere than Linux. */
  private static String resourceName() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux")) {
      return null; // zstd-jni's own loading elsewhere: its names differ per OS
    }
    if (arch.equals("x86_64")) {
      arch = "amd64";
    }
    return "/linux/" + arch + "/libzstd-jni-" + ZstdVersion.VERSION + ".so";
  }

  private static Path folder() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "dnslens");
    }
    String home = System.getProperty("user.home");
    return home == null || home.isBlank() ? null : Path.of(home, ".cache", "dnslens");
  }
}
