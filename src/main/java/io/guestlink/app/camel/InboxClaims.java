package io.guestlink.app.camel;

import io.guestlink.store.FileClaims;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The inbox's read lock across processes ({@code readLock=idempotent-changed} in routes/file-import.camel.yaml):
 * Camel asks it before taking a file and tells it when the file is done or given back; the claims themselves live in
 * the store ({@link FileClaims}: PostgreSQL advisory locks that die with their process), so two GuestLink processes
 * polling one inbox never take the same file, and a process killed mid-file blocks nobody.
 */
public final class InboxClaims extends ServiceSupport implements IdempotentRepository {
    private final FileClaims claims;

    public InboxClaims(FileClaims claims) {
        this.claims = claims;
    }

    @Override
    public boolean add(String key) {
        return claims.claim(key);
    }

    @Override
    public boolean contains(String key) {
        return claims.holds(key);
    }

    @Override
    public boolean remove(String key) {
        claims.release(key);
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        claims.releaseAll();
    }

    @Override
    protected void doStop() {
        claims.releaseAll();
    }
}
