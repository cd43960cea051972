package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;
import io.guestlink.model.FolioLine;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;
import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders for canonical facts in tests. */
final class Facts {
    static final String P = "BKK01";

    private Facts() {
    }

    static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    static Reservation stay(String conf, String arrival, String departure, StayStatus status) {
        return stay(conf, arrival, departure, status, "4200.00", "THB");
    }

    static Reservation stay(String conf, String arrival, String departure, StayStatus status, String rate, String currency) {
        return new Reservation(P, conf, d(arrival), d(departure), "DLX", "1208", "BAR",
                rate == null ? null : new BigDecimal(rate), currency, status, "DIRECT", 1, 0);
    }

    static FolioLine folio(String folio, String line, String date, ChargeCategory c, String amount, String currency) {
        return new FolioLine(P, folio, line, folio, d(date), "1000", c.name(), c, new BigDecimal(amount), currency);
    }

    /** items as "name:qty:price" */
    static PosTicket ticket(String outlet, String no, String table, String opened, String settlement, String total,
                            String... items) {
        List<PosItem> list = new ArrayList<>();
        int line = 1;
        for (String i : items) {
            String[] f = i.split(":");
            list.add(new PosItem(String.valueOf(line++), f[0], new BigDecimal(f[1]), new BigDecimal(f[2])));
        }
        return new PosTicket(P, outlet, no, table, 1, LocalDateTime.parse(opened), null, list, "1208", null, "YU/MING",
                settlement, total == null ? null : new BigDecimal(total), "THB");
    }

    static GuestProfile profile(String language, LocalDate birth, String vip, PersonName... names) {
        return new GuestProfile(List.of(names), birth, null, "CN", language, List.of(), List.of(), List.of(), vip,
                List.of(), Map.of());
    }

    static PersonName yuLatin() {
        return new PersonName("YU/MING MR", "YU", "MING", "MR", "Latin");
    }

    static PersonName yuHan() {
        return new PersonName("于明", "于", "明", null, "Han");
    }
}
