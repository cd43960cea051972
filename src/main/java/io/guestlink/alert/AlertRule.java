package io.guestlink.alert;

import java.util.List;
import java.util.Objects;

/**
 * One rule of config/alerts.yaml: when it looks ({@link Trigger}), which guests it keeps ({@link Conditions}), who
 * it is for (the audience: front-desk, restaurant, marketing... carried in the alert for the receiving systems to
 * route on) and which channels it goes out by.
 */
public record AlertRule(String id, Trigger trigger, Conditions when, String audience, List<String> channels,
                        OncePer oncePer) {
    public AlertRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(trigger, "trigger");
        when = when == null ? Conditions.ALWAYS : when;
        channels = List.copyOf(channels);
        if (trigger instanceof Trigger.OnEvents && oncePer != OncePer.EVENT)
            throw new IllegalArgumentException("an event rule alerts once per event, not per " + oncePer.configName());
        if (trigger instanceof Trigger.Daily && oncePer == OncePer.EVENT)
            throw new IllegalArgumentException("a daily rule alerts once per day, year or stay, not per event");
        if (trigger instanceof Trigger.Daily d && oncePer == OncePer.STAY && d.population() == Population.BIRTHDAYS_TODAY)
            throw new IllegalArgumentException("birthdays-today has no stay to alert once per");
    }

    public boolean isDaily() {
        return trigger instanceof Trigger.Daily;
    }
}
