package org.dnslens.storage.casefile;

import java.util.List;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;

/**
 * The small integer codes the case stores for the model's enums. Codes are positions in these fixed
 * lists, never {@code ordinal()}, so reordering an engine enum cannot change what an old case means. New
 * constants are appended here (a test fails when an enum constant has no code).
 */
public final class StoredCodes {
  private static final List<String> TRANSPORTS =
      List.of("UDP", "TCP", "DOT", "DOH", "DOQ", "DNSCRYPT_UDP", "DNSCRYPT_TCP");
  private static final List<String> PORT_CLASSES = List.of("DNS", "MDNS", "LLMNR", "NONSTANDARD");
  private static final List<String> STATUSES =
      List.of("ANSWERED", "UNANSWERED", "ORPHAN_REPLY", "DUPLICATE_REPLY");
  private static final List<String> ROLES = List.of("CLIENT", "UPSTREAM", "AUTH", "OTHER", "UNKNOWN");

  private StoredCodes() {}

  public static int code(Transport t) {
    return codeOf(TRANSPORTS, t.name());
  }

  public static int code(PortClass p) {
    return codeOf(PORT_CLASSES, p.name());
  }

  public static int code(TransactionStatus s) {
    return codeOf(STATUSES, s.name());
  }

  public static int code(Role r) {
    return codeOf(ROLES, r.name());
  }

  public static Transport transport(int code) {
    return Transport.valueOf(TRANSPORTS.get(code));
  }

  public static PortClass portClass(int code) {
    return PortClass.valueOf(PORT_CLASSES.get(code));
  }

  public static TransactionStatus status(int code) {
    return TransactionStatus.valueOf(STATUSES.get(code));
  }

  public static Role role(int code) {
    return Role.valueOf(ROLES.get(code));
  }

  private static int codeOf(List<String> names, String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("no stored code for " + name + "; append it to StoredCodes");
    }
    return i;
  }
}
