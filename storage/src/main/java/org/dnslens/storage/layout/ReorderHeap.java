package org.dnslens.storage.layout;

import java.util.Arrays;

/**
 * A binary min-heap of items by (time, arrival), for the run writer's reorder window: the keys live in two
 * primitive arrays beside the items, so sifting compares longs in a few contiguous arrays instead of
 * following every compared item to its transaction's time ({@code PriorityQueue} with a comparable record:
 * ~7 % of the ingest thread's profile, nearly all of it cache misses on the 32 k held transactions).
 * Arrival numbers are distinct, so the order is total and items leave exactly as the {@code PriorityQueue}
 * released them.
 */
final class ReorderHeap<T> {
  private long[] time;
  private long[] arrival;
  private Object[] items;
  private int size;

  ReorderHeap(int initialCapacity) {
    int cap = Math.max(1, initialCapacity);
    time = new long[cap];
    arrival = new long[cap];
    items = new Object[cap];
  }

  int size() {
    return size;
  }

  void add(long t, long a, T item) {
    if (size == items.length) {
      int cap = size * 2;
      time = Arrays.copyOf(time, cap);
      arrival = Arrays.copyOf(arrival, cap);
      items = Arrays.copyOf(items, cap);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(t, a, time[parent], arrival[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, t, a, item);
  }

  /** Removes and returns the earliest item, or null when empty. */
  @SuppressWarnings("unchecked")
  T poll() {
    if (size == 0) {
      return null;
    }
    T first = (T) items[0];
    int n = --size;
    long t = time[n];
    long a = arrival[n];
    Object item = items[n];
    items[n] = null;
    if (n > 0) {
      int i = 0;
      int half = n >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        int right = child + 1;
        if (right < n && less(time[right], arrival[right], time[child], arrival[child])) {
          child = right;
        }
        if (!less(time[child], arrival[child], t, a)) {
          break;
        }
        move(child, i);
        i = child;
      }
      set(i, t, a, item);
    }
    return first;
  }

  private static boolean less(long t1, long a1, long t2, long a2) {
    return t1 < t2 || (t1 == t2 && a1 < a2);
  }

  private void move(int from, int to) {
    time[to] = time[from];
    arrival[to] = arrival[from];
    items[to] = items[from];
  }

  private void set(int i, long t, long a, Object item) {
    time[i] = t;
    arrival[i] = a;
    items[i] = item;
  }
}
