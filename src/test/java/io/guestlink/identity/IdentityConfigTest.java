package io.guestlink.identity;

import io.guestlink.config.ConfigurationException;
import io.guestlink.model.GuestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityConfigTest {
    @TempDir
    Path dir;

    @Test
    void thresholdsAndRulesOverrideTheDefaults() throws Exception {
        Path f = Files.writeString(dir.resolve("identity.yaml"), """
                autoMerge: 15
                review: 6
                sourcePriority: [CRM, OPERA]
                survivorship: { birthDate: source-priority }
                """);
        IdentityConfig c = IdentityConfig.load(f);
        assertThat(c.match().autoMerge()).isEqualTo(15);
        assertThat(c.match().review()).isEqualTo(6);
        GuestProfile opera = new GuestProfile(List.of(), LocalDate.of(1978, 3, 14), null, null, null, List.of(), List.of(),
                List.of(), null, List.of(), Map.of());
        GuestProfile crm = new GuestProfile(List.of(), LocalDate.of(1978, 3, 15), null, null, null, List.of(), List.of(),
                List.of(), null, List.of(), Map.of());
        var golden = c.survivorship().golden(List.of(
                new Survivorship.Contribution(2, "OPERA", Instant.parse("2026-01-01T00:00:00Z"), opera),
                new Survivorship.Contribution(1, "CRM", Instant.parse("2025-01-01T00:00:00Z"), crm)));
        assertThat(golden.get("birthDate").value()).as("CRM first, though older").isEqualTo(LocalDate.of(1978, 3, 15));
        assertThat(golden.get("birthDate").rule()).isEqualTo("source-priority");
        assertThat(golden.get("birthDate").sourceRecordId()).isEqualTo(1);
    }

    @Test
    void everyProblemNamesTheFile() throws Exception {
        Path bad = Files.writeString(dir.resolve("identity.yaml"), "survivorship: { birthDate: loudest }\n");
        assertThatThrownBy(() -> IdentityConfig.load(bad)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("loudest");
        Path inverted = Files.writeString(dir.resolve("inverted.yaml"), "autoMerge: 3\nreview: 9\n");
        assertThatThrownBy(() -> IdentityConfig.load(inverted)).hasMessageContaining("must not be above autoMerge");
        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), "automerge: 3\n");
        assertThatThrownBy(() -> IdentityConfig.load(unknown)).hasMessageContaining("automerge");
    }

    @Test
    void missingFileMeansDefaults() {
        assertThat(IdentityConfig.load(dir.resolve("absent.yaml")).probabilistic()).isTrue();
    }
}
