package io.guestlink.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmailNormaliserTest {

    private final EmailNormaliser normaliser = new EmailNormaliser(PlaceholderList.defaults());

    @ParameterizedTest
    @ValueSource(strings = {"somchai.k@gmail.com", "Somchai.K@Gmail.COM", "  SOMCHAI.K@GMAIL.COM\t",
            "mailto:somchai.k@gmail.com", "MAILTO:Somchai.K@gmail.com", "<somchai.k@gmail.com>",
            "<mailto:somchai.k@gmail.com>", "mailto:<Somchai.K@gmail.com>", " < somchai.k@gmail.com > "})
    void shouldNormaliseMixedCaseAndWrappedEmail(String raw) {
        assertThat(normaliser.normalise(raw)).contains("somchai.k@gmail.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yu.ming+hotel@gmail.com", "y.u.m.i.n.g@gmail.com", "o'brien@mail.ie"})
    void shouldKeepDotsAndPlusTags(String raw) {
        assertThat(normaliser.normalise(raw)).contains(raw);
    }

    @Test
    void shouldAcceptInternationalDomains() {
        assertThat(normaliser.normalise("Li@Mail.163.COM")).contains("li@mail.163.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"somchai.gmail.com", "somchai@@gmail.com", "som@chai@gmail.com", "som chai@gmail.com",
            "somchai@gmail .com", "@gmail.com", "somchai@", "somchai@localhost", "somchai@gmail.", "somchai@.com",
            "somchai@gmail..com", "som\tchai@gmail.com", "somchai@gmail.com\u0000", "mailto:", "<>", "@",
            "somchai\u00a0k@gmail.com"})
    void shouldRejectImplausibleEmail(String raw) {
        assertThat(normaliser.normalise(raw)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"noemail@hotel.com", "NOEMAIL@X.COM", "test@example.com", "mailto:NoEmail@Hotel.com",
            "none@gmail.com", "guest@grandhotel.co.th", "anna@example.org", "x@noemail.co.th", "n/a@hotel.com"})
    void shouldRejectPlaceholderEmail(String raw) {
        assertThat(normaliser.normalise(raw)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void shouldRejectNullAndBlankEmail(String raw) {
        assertThat(normaliser.normalise(raw)).isEmpty();
    }

    @Test
    void shouldUseTheConfiguredPlaceholderList() {
        EmailNormaliser none = new EmailNormaliser(PlaceholderList.of(Map.of()));
        EmailNormaliser custom = new EmailNormaliser(PlaceholderList.of(
                Map.of(PlaceholderList.Kind.EMAIL, List.of("*@frontdesk.local"))));

        assertThat(none.normalise("noemail@hotel.com")).contains("noemail@hotel.com");
        assertThat(custom.normalise("Reception@FrontDesk.local")).isEmpty();
    }
}
