package org.dnslens.engine.fuzz;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Entry point for the standalone Jazzer driver ({@code com.code_intelligence.jazzer.Jazzer}), which
 * prints libFuzzer's statistics plainly, unlike a JUnit fuzzing session inside Surefire. It runs the very
 * same {@code @FuzzTest} method the suite replays, named by the system property {@code
 * dnslens.fuzz.target} as {@code fully.qualified.Class#method}; see docs/FUZZING.md and
 * build/fuzz/run-campaign.sh.
 */
public final class StandaloneFuzzTarget {
  private static Object instance;
  private static Method method;

  private StandaloneFuzzTarget() {}

  /** Called once by Jazzer before fuzzing. */
  public static void fuzzerInitialize() throws ReflectiveOperationException {
    String target = System.getProperty("dnslens.fuzz.target", "");
    int hash = target.indexOf('#');
    if (hash < 0) {
      throw new IllegalArgumentException("set -Ddnslens.fuzz.target=fully.qualified.Class#method");
    }
    Class<?> type = Class.forName(target.substring(0, hash));
    Constructor<?> ctor = type.getDeclaredConstructor();
    ctor.setAccessible(true);
    instance = ctor.newInstance();
    method = type.getDeclaredMethod(target.substring(hash + 1), byte[].class);
    method.setAccessible(true);
  }

  /** One input; the target's own exception (not the reflection wrapper) is what Jazzer reports. */
  public static void fuzzerTestOneInput(byte[] data) throws Throwable {
    try {
      method.invoke(instance, (Object) data);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
