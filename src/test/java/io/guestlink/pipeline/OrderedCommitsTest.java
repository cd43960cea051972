package io.guestlink.pipeline;

import io.guestlink.model.ImportCounts;
import io.guestlink.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Overlapping writers keep a single writer's guarantees: batches commit in run order whatever order they finish
 * writing in, a batch after a failed one never commits, a write that failed beside another is written again, and a
 * later batch that holds up the one before gives way instead of waiting for it forever.
 */
@Timeout(30)
class OrderedCommitsTest {
    /** What the fake store saw, in order: "write 3", "commit 3", "rollback 3". */
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    private static ImportCounts one() {
        return ImportCounts.ZERO.plus(Outcome.IMPORTED);
    }

    /** A store whose batches write as {@code writing} says (per batch number: sleep, fail...) and commit at once. */
    private OrderedCommits.Stages<Integer> store(Function<Integer, OrderedCommits.Written> writing) {
        return batch -> {
            int n = batch.get(0);
            events.add("write " + n);
            return writing.apply(n);
        };
    }

    private OrderedCommits.Written committing(int n) {
        return new OrderedCommits.Written() {
            @Override
            public ImportCounts commit() {
                events.add("commit " + n);
                return one();
            }

            @Override
            public void rollback() {
                events.add("rollback " + n);
            }

            @Override
            public boolean blocks(OrderedCommits.Written before) {
                return false;
            }
        };
    }

    private List<String> commits() {
        synchronized (events) {
            return events.stream().filter(e -> e.startsWith("commit")).toList();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void batchesCommitInRunOrderThoughALaterOneIsWrittenFirst() {
        // the odd batches take long to write: their successors are written first and wait for them
        try (var commits = new OrderedCommits<>("test", 2, store(n -> {
            if (n % 2 == 1) sleep(30);
            return committing(n);
        }))) {
            ImportCounts counts = ImportCounts.ZERO;
            for (int i = 1; i <= 8; i++) counts = counts.plus(commits.submit(List.of(i)));
            counts = counts.plus(commits.finish());

            assertThat(counts.imported()).isEqualTo(8);
        }
        assertThat(commits()).containsExactly("commit 1", "commit 2", "commit 3", "commit 4", "commit 5", "commit 6",
                "commit 7", "commit 8");
        // the even batches were written while the odd ones before them still were
        assertThat(events.indexOf("write 2")).isLessThan(events.indexOf("commit 1"));
    }

    @Test
    void theNextBatchIsWrittenWhileTheOneBeforeHasNotCommitted() {
        CountDownLatch secondWritten = new CountDownLatch(1);
        AtomicBoolean overlapped = new AtomicBoolean();
        try (var commits = new OrderedCommits<>("test", 2, store(n -> {
            if (n == 2) secondWritten.countDown();
            if (n == 1) {
                try {
                    // one writer at a time would never write batch 2 before batch 1 returns: this waits in vain then
                    overlapped.set(secondWritten.await(5, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return committing(n);
        }))) {
            commits.submit(List.of(1));
            commits.submit(List.of(2));
            commits.finish();
        }
        assertThat(overlapped).isTrue();
        assertThat(commits()).containsExactly("commit 1", "commit 2");
    }

    @Test
    void aFailedBatchEndsTheRunAndNoBatchAfterItCommits() {
        RuntimeException refused = new IllegalStateException("the store refuses batch 3");
        var commits = new OrderedCommits<>("test", 2, store(n -> {
            if (n == 3) {
                sleep(50); // batch 4 is written meanwhile and waits for it
                throw refused;
            }
            return committing(n);
        }));
        ImportCounts[] counted = {ImportCounts.ZERO};
        assertThatThrownBy(() -> {
            for (int i = 1; i <= 6; i++) counted[0] = counted[0].plus(commits.submit(List.of(i)));
            counted[0] = counted[0].plus(commits.finish());
        }).isSameAs(refused);
        counted[0] = counted[0].plus(commits.drain());

        assertThat(commits()).containsExactly("commit 1", "commit 2");
        assertThat(counted[0].imported()).isEqualTo(2);
        assertThat(events).contains("rollback 4").doesNotContain("write 5", "write 6");
    }

    @Test
    void aWriteThatFailedBesideAnotherBatchIsWrittenAgainAfterIt() {
        Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
        try (var commits = new OrderedCommits<>("test", 2, store(n -> {
            int attempt = attempts.computeIfAbsent(n, x -> new AtomicInteger()).incrementAndGet();
            if (n == 1) sleep(50); // batch 2 is written beside it
            if (n == 2 && attempt == 1) throw new IllegalStateException("a key batch 1 holds");
            return committing(n);
        }))) {
            commits.submit(List.of(1));
            commits.submit(List.of(2));
            assertThat(commits.finish().imported()).isEqualTo(2);
        }
        assertThat(attempts.get(2)).hasValue(2);
        assertThat(commits()).containsExactly("commit 1", "commit 2");
    }

    @Test
    void aWriteThatFailedAloneIsNotWrittenAgain() {
        AtomicInteger attempts = new AtomicInteger();
        RuntimeException refused = new IllegalStateException("refused");
        var commits = new OrderedCommits<>("test", 2, store(n -> {
            attempts.incrementAndGet();
            throw refused;
        }));
        commits.submit(List.of(1));
        assertThatThrownBy(commits::finish).isSameAs(refused);
        commits.close();
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aLaterBatchThatHoldsUpTheOneBeforeGivesWayAndIsWrittenAgain() {
        // batch 2 takes a "lock" batch 1 needs to commit; batch 1 waits for it until batch 2 rolls back
        AtomicBoolean lockHeldBy2 = new AtomicBoolean();
        AtomicInteger writesOf2 = new AtomicInteger();
        CountDownLatch twoHolds = new CountDownLatch(1);
        try (var commits = new OrderedCommits<Integer>("test", 2, batch -> {
            int n = batch.get(0);
            events.add("write " + n);
            if (n == 2) {
                writesOf2.incrementAndGet();
                lockHeldBy2.set(true);
                twoHolds.countDown();
            }
            if (n == 1) {
                try {
                    assertThat(twoHolds.await(5, TimeUnit.SECONDS)).isTrue(); // batch 2 takes the lock first
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return new OrderedCommits.Written() {
                @Override
                public ImportCounts commit() {
                    if (n == 1) {
                        // the "server" makes batch 1 wait while batch 2 holds the lock
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (lockHeldBy2.get() && System.nanoTime() < until) sleep(5);
                        if (lockHeldBy2.get()) throw new IllegalStateException("batch 1 waited for batch 2 forever");
                    }
                    events.add("commit " + n);
                    if (n == 2) lockHeldBy2.set(false);
                    return one();
                }

                @Override
                public void rollback() {
                    events.add("rollback " + n);
                    if (n == 2) lockHeldBy2.set(false);
                }

                @Override
                public boolean blocks(OrderedCommits.Written before) {
                    return n == 2 && lockHeldBy2.get();
                }
            };
        })) {
            commits.submit(List.of(1));
            commits.submit(List.of(2));
            assertThat(commits.finish().imported()).isEqualTo(2);
        }
        assertThat(commits()).containsExactly("commit 1", "commit 2");
        assertThat(events).contains("rollback 2");
        assertThat(writesOf2).hasValue(2);
    }

    @Test
    void writersAreThreadsOfTheirOwnNamedAfterTheRunAndEndWithIt() {
        List<String> names = Collections.synchronizedList(new ArrayList<>());
        var commits = new OrderedCommits<>("poll legacy-res", 2, store(n -> {
            names.add(Thread.currentThread().getName());
            return committing(n);
        }));
        for (int i = 1; i <= 4; i++) commits.submit(List.of(i));
        commits.finish();
        commits.close();

        assertThat(names).allMatch(n -> n.startsWith("poll legacy-res writer "));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (alive("poll legacy-res writer ") && System.nanoTime() < deadline) sleep(10);
        assertThat(alive("poll legacy-res writer ")).isFalse();
    }

    private static boolean alive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix));
    }
}
