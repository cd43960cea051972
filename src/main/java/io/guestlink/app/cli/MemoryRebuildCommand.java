package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;

/** {@code guestlink memory-rebuild}: every live profile's guest memory recomputed. */
@Command(name = "memory-rebuild", description = "Recompute every live profile's roll-up and usual orders (after "
        + "changing config/memory.yaml); the running service keeps them up to date by itself.")
final class MemoryRebuildCommand extends GuestLinkCommand {
    @Override
    int run(GuestLink app) {
        long t = System.nanoTime();
        int n = app.remembering().rebuildAll();
        out().printf("guest memory rebuilt for %d live profiles in %.1f s%n", n, (System.nanoTime() - t) / 1e9);
        return 0;
    }
}
