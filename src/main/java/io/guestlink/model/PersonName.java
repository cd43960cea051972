package io.guestlink.model;

/**
 * One spelling of a guest's name as a source wrote it. {@code full} is the name as displayed; family/given/title
 * are filled when the source format lets us split them. {@code script} is the Unicode script of the name
 * (Latin, Han, Thai, Cyrillic...), so the same person may carry several PersonNames in several scripts.
 */
public record PersonName(String full, String family, String given, String title, String script) {
    public PersonName {
        if (full == null || full.isBlank()) throw new IllegalArgumentException("name is empty");
    }
}
