package io.guestlink.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.guestlink.config.YamlConfig;
import io.guestlink.identity.match.MatchConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * config/identity.yaml: what a hotel changes about identity resolution. The two thresholds (in bits; see docs/identity.md),
 * optionally a whole match model file (m/u per field level, e.g. one re-estimated on the hotel's own data), and the
 * survivorship rules of the golden record. Absent keys keep the shipped defaults.
 */
public record IdentityConfig(boolean probabilistic, MatchConfig match, Survivorship survivorship) {

    private record Yaml(@JsonProperty("probabilistic") Boolean probabilistic,
                        @JsonProperty("autoMerge") Double autoMerge,
                        @JsonProperty("review") Double review,
                        @JsonProperty("model") String model,
                        @JsonProperty("maxBlockSize") Integer maxBlockSize,
                        @JsonProperty("sourcePriority") List<String> sourcePriority,
                        @JsonProperty("survivorship") Map<String, String> survivorship) {
        @JsonCreator
        Yaml {
        }
    }

    public static IdentityConfig defaults() {
        return new IdentityConfig(true, MatchConfig.defaults(), Survivorship.defaults());
    }

    /** Reads the file; a missing file means the defaults. Every problem is reported with the file and key. */
    public static IdentityConfig load(Path file) {
        Yaml y = YamlConfig.readIfPresent(file, Yaml.class).orElse(null);
        if (y == null) return defaults();
        return YamlConfig.checked(file, () -> {
            MatchConfig match = y.model() == null ? MatchConfig.defaults() : MatchConfig.load(file.resolveSibling(y.model()));
            double auto = y.autoMerge() == null ? match.autoMerge() : y.autoMerge();
            double review = y.review() == null ? match.review() : y.review();
            if (review > auto) throw new IllegalArgumentException("review (" + review + ") must not be above autoMerge (" + auto + ")");
            match = match.withThresholds(auto, review);
            if (y.maxBlockSize() != null) match = match.withMaxBlockSize(y.maxBlockSize());
            Survivorship rules = new Survivorship(y.survivorship() == null ? Map.of() : y.survivorship(),
                    y.sourcePriority() == null ? List.of() : y.sourcePriority());
            return new IdentityConfig(y.probabilistic() == null || y.probabilistic(), match, rules);
        });
    }
}
