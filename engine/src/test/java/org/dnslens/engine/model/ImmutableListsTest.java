package org.dnslens.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ImmutableLists.copyOf must be List.copyOf exactly: the same list back only where List.copyOf gives it. */
class ImmutableListsTest {
  @Test
  void keepsListsOfListOfAsTheyAre() {
    for (List<Integer> l : List.of(List.<Integer>of(), List.of(1), List.of(1, 2), List.of(1, 2, 3))) {
      assertThat(ImmutableLists.copyOf(l)).isSameAs(l).isSameAs(List.copyOf(l));
    }
  }

  @Test
  void copiesEveryOtherList() {
    List<String> source = new ArrayList<>(Arrays.asList("a", "b", "c"));
    List<String> copy = ImmutableLists.copyOf(source);
    source.set(0, "changed");
    assertThat(copy).containsExactly("a", "b", "c");
    assertThatThrownBy(() -> copy.add("d")).isInstanceOf(UnsupportedOperationException.class);
    // a sub-list of a List.of list is another class, and List.copyOf copies it too
    List<Integer> sub = List.of(1, 2, 3, 4).subList(1, 3);
    assertThat(ImmutableLists.copyOf(sub)).isNotSameAs(sub).containsExactly(2, 3);
  }

  @Test
  void rejectsNullElementsAsListCopyOfDoes() {
    assertThatThrownBy(() -> ImmutableLists.copyOf(Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class);
  }
}
