package io.guestlink.model;

import io.guestlink.alert.AlertConfig;
import io.guestlink.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Which consent statement holds, and what a source record says; the marketing section of alerts.yaml. */
class ConsentPrecedenceTest {
    static ConsentStatement said(ConsentPurpose p, boolean yes, String at, String system) {
        return new ConsentStatement(p, yes, at == null ? null : Instant.parse(at), system, null);
    }

    @Test
    void theLatestByItsOwnTimeHoldsWhateverTheOrderAndANoWinsATie() {
        ConsentStatement yes9 = said(ConsentPurpose.EMAIL, true, "2026-06-10T09:00:00Z", "PMS");
        ConsentStatement no11 = said(ConsentPurpose.EMAIL, false, "2026-06-10T11:00:00Z", "CRM");
        assertThat(Consent.of(List.of(yes9, no11)).allows(ConsentPurpose.EMAIL)).isFalse();
        assertThat(Consent.of(List.of(no11, yes9)).allows(ConsentPurpose.EMAIL)).isFalse();
        ConsentStatement yes11 = said(ConsentPurpose.EMAIL, true, "2026-06-10T11:00:00Z", "WEB");
        assertThat(Consent.of(List.of(yes11, no11)).allows(ConsentPurpose.EMAIL)).as("a tie").isFalse();
        assertThat(Consent.of(List.of(no11, yes11)).allows(ConsentPurpose.EMAIL)).as("a tie, other order").isFalse();
        Consent c = Consent.of(List.of(yes9, said(ConsentPurpose.SMS, true, "2026-06-01T00:00:00Z", "PMS")));
        assertThat(c.allows(ConsentPurpose.SMS)).isTrue();
        assertThat(c.allows(ConsentPurpose.POST)).as("never stated: no consent").isFalse();
        assertThat(c.byCode()).isEqualTo(Map.of("email", true, "sms", true));
    }

    @Test
    void aRecordSaysOneStatementPerPurposeItsDatedOnesFirst() {
        GuestProfile g = new GuestProfile(List.of(), null, null, null, null, List.of(), List.of(), List.of(), null, List.of(),
                Map.of("email", true, "sms", false, "fax", true), List.of(), null, List.of(),
                List.of(said(ConsentPurpose.EMAIL, true, "2026-06-10T09:00:00Z", null)));
        assertThat(g.consentSaid()).extracting(ConsentStatement::purpose).containsExactly(ConsentPurpose.EMAIL, ConsentPurpose.SMS);
        assertThat(g.consentSaid().get(0).statedAt()).isEqualTo(Instant.parse("2026-06-10T09:00:00Z"));
        assertThat(g.consentSaid().get(1).statedAt()).as("undated: the store dates it").isNull();
        assertThat(g.consentSaid().get(1).granted()).isFalse();
    }

    @Test
    void theMarketingSectionNamesKnownPurposesAndChannelsOrEveryProblemIsReported() {
        AlertConfig ok = AlertConfig.parse("""
                channels:
                  sms-gateway: { type: file, dir: out }
                marketing:
                  audiences: { marketing: [email, SMS] }
                  channels: { sms-gateway: sms }
                """, "alerts.yaml");
        assertThat(ok.marketing().audience("marketing")).containsExactlyInAnyOrder(ConsentPurpose.EMAIL, ConsentPurpose.SMS);
        assertThat(ok.marketing().channel("sms-gateway")).containsExactly(ConsentPurpose.SMS);
        assertThat(ok.marketing().audience("front-desk")).isEmpty();
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> AlertConfig.parse("""
                channels:
                  sms-gateway: { type: file, dir: out }
                marketing:
                  audiences: { marketing: [fax] }
                  channels: { pager: [sms] }
                  other: 1
                """, "alerts.yaml"));
        assertThat(e.getMessage()).contains("marketing.audiences.marketing = 'fax'").contains("marketing.channels.pager")
                .contains("no such channel").contains("marketing.other: unknown key");
    }
}
