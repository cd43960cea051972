package io.guestlink.memory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Money per currency: amounts keep their currency and are only ever added to amounts of the same currency. An amount
 * with no currency is kept under {@code XXX} (ISO 4217 "no currency"), which has no rate and is therefore always
 * reported as unconverted rather than assumed to be the hotel's currency. Zero sums stay in the map, so "had F&B
 * that netted out to zero" is distinguishable from "never had F&B". Sums are exact (no rounding) so the order in
 * which amounts are added never changes the result.
 */
public record Amounts(Map<String, BigDecimal> byCurrency) {

    public static final String NO_CURRENCY = "XXX";
    public static final Amounts NONE = new Amounts(Map.of());

    public Amounts {
        byCurrency = Collections.unmodifiableSortedMap(new TreeMap<>(byCurrency));
    }

    public static Amounts of(String currency, BigDecimal amount) {
        return NONE.plus(currency, amount);
    }

    public static String currencyOf(String currency) {
        return currency == null || currency.isBlank() ? NO_CURRENCY : currency.trim().toUpperCase(java.util.Locale.ROOT);
    }

    public Amounts plus(String currency, BigDecimal amount) {
        if (amount == null) return this;
        TreeMap<String, BigDecimal> m = new TreeMap<>(byCurrency);
        m.merge(currencyOf(currency), amount, BigDecimal::add);
        return new Amounts(m);
    }

    public Amounts plus(Amounts other) {
        TreeMap<String, BigDecimal> m = new TreeMap<>(byCurrency);
        other.byCurrency.forEach((c, a) -> m.merge(c, a, BigDecimal::add));
        return new Amounts(m);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return byCurrency.isEmpty();
    }

    /**
     * The total in the base currency through the configured rates only. Each currency is summed first and converted
     * once, then rounded to 2 decimals (half-even) at the very end.
     */
    public BaseAmount inBase(MemoryConfig config) {
        BigDecimal total = BigDecimal.ZERO;
        SortedSet<String> unconverted = new TreeSet<>();
        for (var e : byCurrency.entrySet()) {
            if (e.getKey().equals(config.baseCurrency())) total = total.add(e.getValue());
            else if (config.rates().containsKey(e.getKey())) total = total.add(e.getValue().multiply(config.rates().get(e.getKey())));
            else if (e.getValue().signum() != 0) unconverted.add(e.getKey());
        }
        return new BaseAmount(config.baseCurrency(), total.setScale(2, RoundingMode.HALF_EVEN), unconverted);
    }
}
