package dev.dbops.sdk;

import dev.dbops.sdk.model.ChangelogCreate;
import dev.dbops.sdk.model.ChangelogScriptCreate;
import dev.dbops.sdk.model.DbSchemaType;

/**
 * Where a new schema's changelog comes from: a git changelog ({@code changelog}, type Repository)
 * or a script ({@code changeLogScript}, type Script). The type follows the one given; giving both
 * needs an explicit type, as the documented create body does.
 */
final class SchemaSource {

    ChangelogCreate changelog;
    ChangelogScriptCreate script;
    DbSchemaType explicitType;

    /** Checks the rules and returns the type to send. */
    DbSchemaType resolve(String op) {
        if (changelog != null) {
            Validation.notBlank(op, "changelog.location", changelog.getLocation(),
                    "a changelog needs the path of its file in the repository");
            Validation.notEmptyWhenGiven(op, "changelog.repo", changelog.getRepo());
            Validation.notEmptyWhenGiven(op, "changelog.archivePath", changelog.getArchivePath());
            if (isBlank(changelog.getConnector()) && isBlank(changelog.getRepo())) {
                throw Validation.invalid(op, "changelog.repo", "is missing while changelog.connector is empty",
                        "without a git connector the changelog is in a Harness Code repository, named by repo");
            }
        }
        if (script != null) {
            Validation.notBlank(op, "changelogScript.image", script.getImage(), "a changelog script needs an image to run in");
            Validation.notBlank(op, "changelogScript.command", script.getCommand(), "a changelog script needs a command");
            Validation.notBlank(op, "changelogScript.shell", script.getShell(), "a changelog script needs a shell");
            Validation.notBlank(op, "changelogScript.location", script.getLocation(),
                    "a changelog script needs the location where its command leaves the changelog");
        }
        if (changelog != null && script != null && explicitType == null) {
            throw Validation.invalid(op, "type", "is not set while both changelog and changelogScript are",
                    "with both kinds of changelog, say which one the schema uses: type(Repository) or type(Script)");
        }
        DbSchemaType type = explicitType != null ? explicitType
                : changelog != null ? DbSchemaType.REPOSITORY
                : script != null ? DbSchemaType.SCRIPT : null;
        if (type == DbSchemaType.REPOSITORY && changelog == null) {
            throw Validation.invalid(op, "changelog", "is missing", "a Repository schema needs a changelog (connector and location)");
        }
        if (type == DbSchemaType.SCRIPT && script == null) {
            throw Validation.invalid(op, "changelogScript", "is missing", "a Script schema needs a changelogScript");
        }
        if (type == null) {
            throw Validation.invalid(op, "changelog", "is missing",
                    "a schema needs a changelog (git) or a changelogScript (script)");
        }
        return type;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
