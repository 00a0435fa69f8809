package org.dnslens.gui;

/** Moves between views: pivots and "show the transactions" from any table. */
public interface Navigator {
  void pivotOnName(String name);

  void pivotOnAddress(String ip);

  void pivotOnClient(String ip);

  void showTransactions(String filter);
}
