package io.guestlink.model;

import java.math.BigDecimal;

/** One line of a POS ticket. A negative quantity is a void. */
public record PosItem(String line, String name, BigDecimal quantity, BigDecimal price) {
    public PosItem {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("item name is empty");
    }
}
