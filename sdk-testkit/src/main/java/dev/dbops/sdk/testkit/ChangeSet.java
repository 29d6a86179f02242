package dev.dbops.sdk.testkit;

import java.util.Objects;

/**
 * A changeset of a schema's changelog, as the stand-in lists it in a migration state: its id, and
 * the file and author the changelog gives it (together they make the {@code changeSetFQN},
 * {@code fileName::id::author}). Register a schema's changesets in changelog order with
 * {@link DbOpsStandIn#changeSets(String, ChangeSet...)}.
 *
 * @param id the changeset's id in the changelog
 * @param fileName the changelog file that holds it, or null
 * @param author its author, or null
 */
public record ChangeSet(String id, String fileName, String author) {

    /**
     * A changeset; {@code id} is required, {@code fileName} and {@code author} may be null.
     *
     * @param id the changeset's id in the changelog, not blank; unique within its schema
     * @param fileName the changelog file that holds it, or null
     * @param author its author, or null
     * @throws NullPointerException when {@code id} is null
     * @throws IllegalArgumentException when {@code id} is blank
     */
    public ChangeSet {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("A changeset id must not be blank");
        }
    }

    /**
     * A changeset in this file, by this author.
     *
     * @param id the changeset's id in the changelog, not blank
     * @param fileName the changelog file that holds it, such as {@code "changelog.yaml"}, or null
     * @param author its author as the changelog names it, or null
     * @return the changeset, to register with {@link DbOpsStandIn#changeSets(String, ChangeSet...)}
     * @throws IllegalArgumentException when {@code id} is blank
     */
    public static ChangeSet of(String id, String fileName, String author) {
        return new ChangeSet(id, fileName, author);
    }

    /**
     * A changeset with no file or author (the migration state then shows neither, nor a changeSetFQN).
     *
     * @param id the changeset's id in the changelog, not blank
     * @return the changeset, with a null {@code fileName} and {@code author}
     * @throws IllegalArgumentException when {@code id} is blank
     */
    public static ChangeSet of(String id) {
        return new ChangeSet(id, null, null);
    }

    /**
     * {@code fileName::id::author}, as the service names a changeset; null without a file and an author.
     *
     * @return the fully qualified name, such as {@code changelog.yaml::create_orders_table::mgarcia}; null
     *     when the file or the author is missing (either one is enough)
     */
    public String fqn() {
        return fileName == null || author == null ? null : fileName + "::" + id + "::" + author;
    }
}
