package io.guestlink.memory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.guestlink.config.ConfigurationException;
import io.guestlink.config.YamlConfig;
import io.guestlink.model.ChargeCategory;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * config/memory.yaml: how guest memory turns facts into roll-ups, habits and segments. Every value is immutable and
 * validated at load; all problems are reported at once, each naming its key and value. Absent keys keep the shipped
 * defaults ({@link #defaults()}), which are the values documented in config/memory.yaml.
 *
 * @param baseCurrency     ISO code totals are expressed in
 * @param rates            fixed rates: one unit of the key currency is worth this many base units. A currency with
 *                         no rate is never guessed: its amounts stay in their currency and are reported as unconverted
 * @param zones            property code to time zone; key {@code "*"} is the default for other properties
 * @param mealPeriods      outlet code (or {@code PROPERTY/OUTLET}) to its periods; key {@code "*"} for other outlets
 * @param usualOrder       the support and recency rule of the usual table and order
 * @param roomSettlements  POS settlement values meaning "posted to the room folio" (compared ignoring case)
 * @param outletCategories revenue category of a POS outlet's tickets; outlets not listed are F&amp;B
 * @param lapsedAfterMonths a guest with no stay for this many months is lapsed
 * @param vipCodes         profile VIP codes that make a VIP; empty means any non-blank code
 * @param rfm              RFM bucket edges
 * @param lifetimeValueCategories revenue categories summed (in the base currency) into the lifetime value
 */
public record MemoryConfig(
        String baseCurrency,
        Map<String, BigDecimal> rates,
        Map<String, ZoneId> zones,
        Map<String, List<MealPeriod>> mealPeriods,
        UsualOrderRule usualOrder,
        Set<String> roomSettlements,
        Map<String, ChargeCategory> outletCategories,
        int lapsedAfterMonths,
        Set<String> vipCodes,
        RfmEdges rfm,
        Set<ChargeCategory> lifetimeValueCategories) {

    /** Key for "any other property / outlet". */
    public static final String ANY = "*";

    /** The categories that are revenue; TAX is collected for the state and PAYMENT settles the bill. */
    public static final Set<ChargeCategory> REVENUE = Set.copyOf(EnumSet.of(
            ChargeCategory.ROOM, ChargeCategory.FNB, ChargeCategory.MINIBAR, ChargeCategory.SPA, ChargeCategory.OTHER));

    /**
     * One visit is not a habit: a table or item is usual in an outlet's meal period when the guest had at least
     * {@code minVisits} visits there, it appears on at least {@code minVisits} of them, and on at least
     * {@code minShare} of them counted with recency weights (a visit {@code halfLifeDays} older than another weighs
     * half as much). Only the latest {@code window} visits of each outlet and meal period count: a habit is what the
     * guest does now, and it keeps the cost of a new ticket independent of how many came before.
     */
    public record UsualOrderRule(int minVisits, double minShare, double halfLifeDays, int window) {
        public UsualOrderRule {
            if (minVisits < 1) throw new IllegalArgumentException("usualOrder.minVisits must be at least 1, was " + minVisits);
            if (!(minShare > 0 && minShare <= 1))
                throw new IllegalArgumentException("usualOrder.minShare must be in (0, 1], was " + minShare);
            if (!(halfLifeDays > 0)) throw new IllegalArgumentException("usualOrder.halfLifeDays must be positive, was " + halfLifeDays);
            if (window < minVisits)
                throw new IllegalArgumentException("usualOrder.window must be at least minVisits (" + minVisits + "), was " + window);
        }

        /** Weight of a visit {@code ageDays} before the reference visit; a later one weighs 1. */
        public double weight(long ageDays) {
            return Math.pow(0.5, Math.max(0, ageDays) / halfLifeDays);
        }
    }

    /**
     * Four ascending edges per dimension give scores 1..5. Recency: days since the last stay at or below
     * {@code recencyDays[i]} scores {@code 5 - i}, above the last edge 1. Frequency (stays) and monetary (lifetime
     * value in the base currency): a value at or above {@code edges[i]} scores at least {@code i + 2}, below the first 1.
     */
    public record RfmEdges(List<Long> recencyDays, List<Long> frequencyStays, List<BigDecimal> monetaryBase) {
        public RfmEdges {
            recencyDays = ascending("rfm.recencyDays", recencyDays);
            frequencyStays = ascending("rfm.frequencyStays", frequencyStays);
            monetaryBase = ascending("rfm.monetaryBase", monetaryBase == null ? null
                    : monetaryBase.stream().map(BigDecimal::stripTrailingZeros).toList());
        }

        /** Days since the last departure (0 while in house) to a recency score, 5 for the most recent. */
        public int recency(long days) {
            for (int i = 0; i < recencyDays.size(); i++) if (days <= recencyDays.get(i)) return 5 - i;
            return 1;
        }

        /** Number of stays to a frequency score: 1, plus one per edge reached. */
        public int frequency(long stays) {
            int score = 1;
            for (long e : frequencyStays) if (stays >= e) score++;
            return score;
        }

        /** Lifetime value in the base currency to a monetary score: 1, plus one per edge reached. */
        public int monetary(BigDecimal value) {
            int score = 1;
            for (BigDecimal e : monetaryBase) if (value.compareTo(e) >= 0) score++;
            return score;
        }

        private static <T extends Comparable<T>> List<T> ascending(String key, List<T> edges) {
            if (edges == null || edges.size() != 4) throw new IllegalArgumentException(key + " needs 4 edges, was " + edges);
            for (int i = 1; i < edges.size(); i++)
                if (edges.get(i).compareTo(edges.get(i - 1)) <= 0)
                    throw new IllegalArgumentException(key + " must be strictly ascending, was " + edges);
            return List.copyOf(edges);
        }
    }

    public MemoryConfig {
        baseCurrency = currencyCode("baseCurrency", baseCurrency);
        // scale-free, so "36.5" from YAML equals "36.50" from code
        rates = Map.copyOf(new TreeMap<>(rates).entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue() == null ? BigDecimal.ZERO : e.getValue().stripTrailingZeros())));
        zones = Map.copyOf(zones);
        mealPeriods = Map.copyOf(mealPeriods);
        roomSettlements = Set.copyOf(roomSettlements.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).toList());
        outletCategories = Map.copyOf(outletCategories);
        lifetimeValueCategories = Set.copyOf(lifetimeValueCategories);
        vipCodes = Set.copyOf(vipCodes.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).toList());
        if (usualOrder == null || rfm == null) throw new IllegalArgumentException("usualOrder and rfm are required");
        if (lapsedAfterMonths < 1) throw new IllegalArgumentException("lapsedAfterMonths must be at least 1, was " + lapsedAfterMonths);
        if (!zones.containsKey(ANY)) throw new IllegalArgumentException("zones needs a default entry '*'");
        for (var e : rates.entrySet()) {
            currencyCode("rates key", e.getKey());
            if (e.getValue() == null || e.getValue().signum() <= 0)
                throw new IllegalArgumentException("rates." + e.getKey() + " must be positive, was " + e.getValue());
        }
        for (ChargeCategory c : lifetimeValueCategories)
            if (!REVENUE.contains(c)) throw new IllegalArgumentException("lifetimeValue.categories: " + c + " is not revenue");
    }

    private static String currencyCode(String key, String code) {
        if (code == null || !code.matches("[A-Z]{3}"))
            throw new IllegalArgumentException(key + " must be a 3-letter ISO currency code, was '" + code + "'");
        return code;
    }

    /** The shipped defaults, identical to config/memory.yaml. */
    public static MemoryConfig defaults() {
        List<MealPeriod> standard = List.of(
                new MealPeriod("breakfast", LocalTime.of(6, 0), LocalTime.of(10, 30)),
                new MealPeriod("lunch", LocalTime.of(11, 30), LocalTime.of(14, 30)),
                new MealPeriod("dinner", LocalTime.of(18, 0), LocalTime.of(22, 30)));
        return new MemoryConfig("THB",
                Map.of("USD", new BigDecimal("36.50"), "EUR", new BigDecimal("39.20"), "CNY", new BigDecimal("5.05")),
                Map.of(ANY, ZoneId.of("Asia/Bangkok")),
                Map.of(ANY, standard,
                        "LOBBYBAR", List.of(new MealPeriod("afternoon", LocalTime.of(14, 0), LocalTime.of(18, 0)),
                                new MealPeriod("evening", LocalTime.of(18, 0), LocalTime.of(22, 0)),
                                new MealPeriod("late-night", LocalTime.of(22, 0), LocalTime.of(2, 0)))),
                new UsualOrderRule(2, 0.5, 365, 30),
                Set.of("ROOM"),
                Map.of("SPA", ChargeCategory.SPA),
                36,
                Set.of(),
                new RfmEdges(List.of(90L, 365L, 730L, 1095L), List.of(2L, 3L, 5L, 10L),
                        List.of(new BigDecimal("10000"), new BigDecimal("30000"), new BigDecimal("100000"), new BigDecimal("300000"))),
                REVENUE);
    }

    /** The first day a guest whose last stay ended on {@code lastDeparture} counts as lapsed. */
    public LocalDate lapsedOn(LocalDate lastDeparture) {
        return lastDeparture.plusMonths(lapsedAfterMonths);
    }

    /**
     * A digest of every value here: stored with each profile's memory, so a profile computed under another
     * configuration is recomputed in full the next time it changes (and {@code memory-rebuild} does all of them).
     */
    public String fingerprint() {
        return org.apache.commons.codec.digest.DigestUtils.sha256Hex(new TreeMap<>(Map.of(
                "baseCurrency", baseCurrency, "rates", new TreeMap<>(rates).toString(), "zones", new TreeMap<>(zones).toString(),
                "mealPeriods", new TreeMap<>(mealPeriods).toString(), "usualOrder", usualOrder.toString(),
                "roomSettlements", new java.util.TreeSet<>(roomSettlements).toString(),
                "outletCategories", new TreeMap<>(outletCategories).toString(), "lapsedAfterMonths", Integer.toString(lapsedAfterMonths),
                "vipCodes", new java.util.TreeSet<>(vipCodes).toString(),
                "rfm+ltv", rfm + " " + new java.util.TreeSet<>(lifetimeValueCategories))).toString()).substring(0, 16);
    }

    /** Time zone of a property, the default when it is not listed. */
    public ZoneId zone(String property) {
        ZoneId z = property == null ? null : zones.get(property);
        return z != null ? z : zones.get(ANY);
    }

    /** The property's local date at an instant: "today" for days-since and recency. */
    public LocalDate localDate(String property, Instant at) {
        return LocalDate.ofInstant(at, zone(property));
    }

    /** Meal periods of an outlet: {@code PROPERTY/OUTLET}, then {@code OUTLET}, then {@code *}. */
    public List<MealPeriod> periods(String property, String outlet) {
        List<MealPeriod> p = mealPeriods.get(property + "/" + outlet);
        if (p == null) p = mealPeriods.get(outlet);
        if (p == null) p = mealPeriods.get(ANY);
        return p == null ? List.of() : p;
    }

    /** The period a ticket opened at this local wall-clock time belongs to; empty when none covers it. */
    public Optional<MealPeriod> periodOf(String property, String outlet, LocalDateTime localOpened) {
        if (localOpened == null) return Optional.empty();
        LocalTime t = localOpened.toLocalTime();
        return periods(property, outlet).stream().filter(p -> p.contains(t)).findFirst();
    }

    /**
     * For sources that stamp tickets with an instant (UTC): the period is decided by the local time in the property's
     * zone at that instant, so the same breakfast at 07:30 stays breakfast across a daylight-saving change.
     */
    public Optional<MealPeriod> periodOf(String property, String outlet, Instant opened) {
        return periodOf(property, outlet, LocalDateTime.ofInstant(opened, zone(property)));
    }

    /** Revenue category of a POS outlet's tickets. */
    public ChargeCategory posCategory(String outlet) {
        return outletCategories.getOrDefault(outlet, ChargeCategory.FNB);
    }

    /** True when the settlement means the ticket was posted to a room folio (and is counted there). */
    public boolean postedToRoom(String settlement) {
        return settlement != null && roomSettlements.contains(settlement.trim().toUpperCase(Locale.ROOT));
    }

    /** True when the profile's VIP code makes a VIP. */
    public boolean isVip(String vipCode) {
        if (vipCode == null || vipCode.isBlank()) return false;
        return vipCodes().isEmpty() || vipCodes().contains(vipCode.trim().toUpperCase(Locale.ROOT));
    }

    // ---- loading ---------------------------------------------------------------------------------------------

    private record PeriodYaml(@JsonProperty("name") String name, @JsonProperty("from") String from,
                              @JsonProperty("to") String to) {
        @JsonCreator
        PeriodYaml {
        }
    }

    private record UsualYaml(@JsonProperty("minVisits") Integer minVisits, @JsonProperty("minShare") Double minShare,
                             @JsonProperty("halfLifeDays") Double halfLifeDays, @JsonProperty("window") Integer window) {
        @JsonCreator
        UsualYaml {
        }
    }

    private record RfmYaml(@JsonProperty("recencyDays") List<Long> recencyDays,
                           @JsonProperty("frequencyStays") List<Long> frequencyStays,
                           @JsonProperty("monetaryBase") List<BigDecimal> monetaryBase) {
        @JsonCreator
        RfmYaml {
        }
    }

    private record LtvYaml(@JsonProperty("categories") List<String> categories) {
        @JsonCreator
        LtvYaml {
        }
    }

    private record Yaml(@JsonProperty("baseCurrency") String baseCurrency,
                        @JsonProperty("rates") Map<String, BigDecimal> rates,
                        @JsonProperty("zones") Map<String, String> zones,
                        @JsonProperty("mealPeriods") Map<String, List<PeriodYaml>> mealPeriods,
                        @JsonProperty("usualOrder") UsualYaml usualOrder,
                        @JsonProperty("roomSettlements") List<String> roomSettlements,
                        @JsonProperty("outletCategories") Map<String, String> outletCategories,
                        @JsonProperty("lapsedAfterMonths") Integer lapsedAfterMonths,
                        @JsonProperty("vipCodes") List<String> vipCodes,
                        @JsonProperty("rfm") RfmYaml rfm,
                        @JsonProperty("lifetimeValue") LtvYaml lifetimeValue) {
        @JsonCreator
        Yaml {
        }
    }

    /** Reads the file; a missing file means the defaults. Every problem is reported at once with the file and key. */
    public static MemoryConfig load(Path file) {
        Yaml y = YamlConfig.readIfPresent(file, Yaml.class).orElse(null);
        if (y == null) return defaults();
        MemoryConfig d = defaults();
        List<String> problems = new ArrayList<>();

        Map<String, ZoneId> zones = new LinkedHashMap<>(d.zones());
        if (y.zones() != null) y.zones().forEach((k, v) -> {
            try {
                zones.put(k, ZoneId.of(v));
            } catch (RuntimeException e) {
                problems.add(file + ": zones." + k + ": unknown time zone '" + v + "'");
            }
        });

        Map<String, List<MealPeriod>> periods = y.mealPeriods() == null ? d.mealPeriods() : new LinkedHashMap<>();
        if (y.mealPeriods() != null) y.mealPeriods().forEach((outlet, list) -> {
            List<MealPeriod> ps = new ArrayList<>();
            for (PeriodYaml p : list == null ? List.<PeriodYaml>of() : list) {
                try {
                    ps.add(new MealPeriod(p.name(), time(p.from()), time(p.to())));
                } catch (RuntimeException e) {
                    problems.add(file + ": mealPeriods." + outlet + ": " + e.getMessage());
                }
            }
            overlaps(ps).ifPresent(msg -> problems.add(file + ": mealPeriods." + outlet + ": " + msg));
            periods.put(outlet, List.copyOf(ps));
        });

        Map<String, ChargeCategory> outletCategories = new LinkedHashMap<>();
        (y.outletCategories() == null ? Map.<String, String>of() : y.outletCategories()).forEach((k, v) -> {
            try {
                outletCategories.put(k, ChargeCategory.valueOf(v.trim().toUpperCase(Locale.ROOT)));
            } catch (RuntimeException e) {
                problems.add(file + ": outletCategories." + k + ": unknown category '" + v + "'");
            }
        });
        if (y.outletCategories() == null) outletCategories.putAll(d.outletCategories());

        Set<ChargeCategory> ltv = EnumSet.noneOf(ChargeCategory.class);
        if (y.lifetimeValue() != null && y.lifetimeValue().categories() != null) {
            for (String c : y.lifetimeValue().categories()) {
                try {
                    ltv.add(ChargeCategory.valueOf(c.trim().toUpperCase(Locale.ROOT)));
                } catch (RuntimeException e) {
                    problems.add(file + ": lifetimeValue.categories: unknown category '" + c + "'");
                }
            }
        } else ltv.addAll(d.lifetimeValueCategories());

        UsualOrderRule usual = d.usualOrder();
        if (y.usualOrder() != null) {
            UsualYaml u = y.usualOrder();
            try {
                usual = new UsualOrderRule(u.minVisits() == null ? usual.minVisits() : u.minVisits(),
                        u.minShare() == null ? usual.minShare() : u.minShare(),
                        u.halfLifeDays() == null ? usual.halfLifeDays() : u.halfLifeDays(),
                        u.window() == null ? usual.window() : u.window());
            } catch (RuntimeException e) {
                problems.add(file + ": " + e.getMessage());
            }
        }
        RfmEdges rfm = d.rfm();
        if (y.rfm() != null) {
            try {
                rfm = new RfmEdges(y.rfm().recencyDays() == null ? rfm.recencyDays() : y.rfm().recencyDays(),
                        y.rfm().frequencyStays() == null ? rfm.frequencyStays() : y.rfm().frequencyStays(),
                        y.rfm().monetaryBase() == null ? rfm.monetaryBase() : y.rfm().monetaryBase());
            } catch (RuntimeException e) {
                problems.add(file + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new ConfigurationException(problems);
        try {
            return new MemoryConfig(
                    y.baseCurrency() == null ? d.baseCurrency() : y.baseCurrency(),
                    y.rates() == null ? d.rates() : y.rates(),
                    zones, periods, usual,
                    y.roomSettlements() == null ? d.roomSettlements() : Set.copyOf(y.roomSettlements()),
                    outletCategories,
                    y.lapsedAfterMonths() == null ? d.lapsedAfterMonths() : y.lapsedAfterMonths(),
                    y.vipCodes() == null ? d.vipCodes() : Set.copyOf(y.vipCodes().stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).toList()),
                    rfm, ltv);
        } catch (RuntimeException e) {
            throw YamlConfig.problem(file, e.getMessage());
        }
    }

    private static LocalTime time(String text) {
        try {
            return LocalTime.parse(text == null ? "" : text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time must be HH:MM, was '" + text + "'");
        }
    }

    /** Two periods of one outlet covering the same minute would make the assignment depend on list order. */
    private static Optional<String> overlaps(List<MealPeriod> ps) {
        for (int i = 0; i < ps.size(); i++)
            for (int j = i + 1; j < ps.size(); j++) {
                MealPeriod a = ps.get(i), b = ps.get(j);
                if (a.contains(b.from()) || b.contains(a.from()))
                    return Optional.of("periods '" + a.name() + "' and '" + b.name() + "' overlap");
            }
        return Optional.empty();
    }
}
