package io.guestlink.identity.match;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probabilistic model's parameters: for each field its comparison levels with m (probability of the level among
 * true matches) and u (among non-matches), the two decision thresholds, the cap above which a shared value is
 * non-identifying, and the blocking cap. Weights are Fellegi-Sunter log2(m/u); a record's score is their sum.
 *
 * <p>The shipped defaults ({@code identity/match-defaults.yaml}) say where each number comes from.
 *
 * @param autoMerge     score (bits) at or above which a pair is merged automatically
 * @param review        score at or above which (and below autoMerge) a pair is recorded as a possible duplicate
 * @param maxHolders    a shared e-mail/phone/document held by more distinct persons than this weighs nothing
 * @param maxBlockSize  a blocking key held by more records than this produces no candidates (bounded work per record)
 * @param fields        field name -> its levels, most similar first (the order comparators return them in)
 */
public record MatchConfig(double autoMerge, double review, int maxHolders, int maxBlockSize, Map<String, List<Level>> fields) {

    /** One comparison level; weight = log2(m/u). */
    public record Level(String name, double m, double u) {
        public Level {
            if (!(m > 0 && m <= 1 && u > 0 && u <= 1))
                throw new IllegalArgumentException("level " + name + ": m and u must be in (0, 1], got m=" + m + " u=" + u);
        }

        public double weight() {
            return Math.log(m / u) / Math.log(2);
        }
    }

    public MatchConfig {
        if (review > autoMerge) throw new IllegalArgumentException("review threshold above autoMerge");
        if (maxHolders < 2) throw new IllegalArgumentException("maxHolders must be >= 2 (a shared value has two holders)");
        if (maxBlockSize < 2) throw new IllegalArgumentException("maxBlockSize must be >= 2");
        Map<String, List<Level>> copy = new LinkedHashMap<>();
        fields.forEach((f, levels) -> copy.put(f, List.copyOf(levels)));
        fields = java.util.Collections.unmodifiableMap(copy);
    }

    /** The levels of {@code field}, or an exception naming the missing field (a config must cover every comparator). */
    public List<Level> levels(String field) {
        List<Level> l = fields.get(field);
        if (l == null) throw new IllegalArgumentException("match configuration has no field '" + field + "'");
        return l;
    }

    public MatchConfig withThresholds(double autoMerge, double review) {
        return new MatchConfig(autoMerge, review, maxHolders, maxBlockSize, fields);
    }

    public MatchConfig withMaxBlockSize(int maxBlockSize) {
        return new MatchConfig(autoMerge, review, maxHolders, maxBlockSize, fields);
    }

    /** A copy with new m/u for one field, level names kept (used by {@link EmEstimator}). */
    public MatchConfig withProbabilities(String field, double[] m, double[] u) {
        List<Level> old = levels(field);
        List<Level> updated = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) updated.add(new Level(old.get(i).name(), m[i], u[i]));
        Map<String, List<Level>> f = new LinkedHashMap<>(fields);
        f.put(field, updated);
        return new MatchConfig(autoMerge, review, maxHolders, maxBlockSize, f);
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static MatchConfig load(InputStream yaml) {
        try {
            return YAML.readValue(yaml, MatchConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read match configuration", e);
        }
    }

    public static MatchConfig load(Path yaml) {
        try (InputStream in = Files.newInputStream(yaml)) {
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + yaml, e);
        }
    }

    /** The shipped defaults, tuned on FEBRL dataset1/dataset2 (see the YAML's comments). */
    public static MatchConfig defaults() {
        try (InputStream in = MatchConfig.class.getResourceAsStream("/identity/match-defaults.yaml")) {
            if (in == null) throw new IllegalStateException("identity/match-defaults.yaml missing from the classpath");
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** YAML text of this configuration (no comments), e.g. to print what EM estimated. */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
