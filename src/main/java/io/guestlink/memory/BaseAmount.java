package io.guestlink.memory;

import java.math.BigDecimal;
import java.util.Set;
import java.util.TreeSet;

/**
 * A total in the base currency, and the currencies that had amounts but no configured rate: those amounts are
 * <em>not</em> in {@code amount}. A non-empty {@code unconverted} means the total is incomplete.
 */
public record BaseAmount(String currency, BigDecimal amount, Set<String> unconverted) {
    public BaseAmount {
        unconverted = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(unconverted));
    }

    public boolean complete() {
        return unconverted.isEmpty();
    }

}
