package io.guestlink.testing;

import java.io.IOException;
import java.net.ServerSocket;

/** Free TCP ports, so tests that run side by side (or beside a running GuestLink) never clash on a fixed port. */
public final class FreePorts {
    private FreePorts() {
    }

    /** A port that was free a moment ago (the OS hands out ports round-robin, so it stays free long enough). */
    public static int any() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
