package io.guestlink.testing;

import java.nio.file.Path;
import java.util.Map;

/**
 * The alert tests' application, on the one {@link TestApp} builder: the real alert routes (routes/alerts.camel.yaml)
 * with the test's alerts.yaml, a reservation feed {@code res} plus the shipped feeds (for the acceptance story's demo
 * files), no feed routes (tests import and announce events themselves) and a JMS subscriber on {@link #TOPIC}.
 */
public final class Alerting {
    public static final String RES_FEED = """
            id: res
            system: PMS
            kind: reservation
            phoneRegion: TH
            currency: THB
            key: [CONF]
            fields:
              property: PROP
              guest.key: GID
              guest.name: { column: NAME, nameFormat: "LAST/FIRST TITLE" }
              guest.birthDate: BIRTH
              guest.vip: VIP
              guest.consent.email: OPTIN
              reservation.confirmationNumber: CONF
              reservation.arrival: ARR
              reservation.departure: DEP
              reservation.roomNumber: ROOM
              reservation.status: STATUS
            """;
    public static final String RES_HEADER = "CONF,GID,NAME,BIRTH,VIP,OPTIN,PROP,ARR,DEP,ROOM,STATUS\n";
    public static final String TOPIC = "guestlink.alerts.test";

    private Alerting() {
    }

    /** The builder, ready to start; tests add settings or work before Camel starts. */
    public static TestApp.Builder app(Path root, String alertsYaml, Map<String, String> env) {
        return TestApp.in(root).feed("res", RES_FEED).shippedFeeds().alerts(alertsYaml).env(env).subscribeTo(TOPIC);
    }

    /** @param reservationsBeforeStart rows imported through {@code res} before Camel starts (null: none) */
    public static TestApp start(Path root, String alertsYaml, Map<String, String> env, String reservationsBeforeStart,
                                Map<String, String> extraSettings) throws Exception {
        return app(root, alertsYaml, env).settings(extraSettings).beforeCamel(app -> {
            if (reservationsBeforeStart != null) TestApp.importText(app, root, "res", RES_HEADER + reservationsBeforeStart);
        }).start();
    }

    public static TestApp start(Path root, String alertsYaml, Map<String, String> env, String reservationsBeforeStart)
            throws Exception {
        return start(root, alertsYaml, env, reservationsBeforeStart, Map.of());
    }

    public static TestApp start(Path root, String alertsYaml, Map<String, String> env) throws Exception {
        return start(root, alertsYaml, env, null, Map.of());
    }

    /** Reservation rows (without header) through the {@code res} feed into the store. */
    public static io.guestlink.model.ImportSummary reservations(TestApp t, String rows) throws Exception {
        return t.importText("res", RES_HEADER + rows);
    }
}
