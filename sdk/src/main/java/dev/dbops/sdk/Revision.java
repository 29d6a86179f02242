package dev.dbops.sdk;

/** Which changelog revision an instance tracks: at most one of branch, commitSha and gitTag. */
final class Revision {

    String branch;
    String commitSha;
    String gitTag;

    void check(String op) {
        int given = (branch != null ? 1 : 0) + (commitSha != null ? 1 : 0) + (gitTag != null ? 1 : 0);
        if (given > 1) {
            String which = (branch != null ? "branch " : "") + (commitSha != null ? "commitSha " : "")
                    + (gitTag != null ? "gitTag" : "");
            throw Validation.invalid(op, "branch/commitSha/gitTag", "are set together (" + which.strip().replace(" ", ", ") + ")",
                    "an instance tracks at most one of branch, commitSha and gitTag");
        }
        if (branch != null) {
            Validation.notBlank(op, "branch", branch, "a branch name cannot be empty");
        }
        if (commitSha != null) {
            Validation.notBlank(op, "commitSha", commitSha, "a commit sha cannot be empty");
        }
        if (gitTag != null) {
            Validation.notBlank(op, "gitTag", gitTag, "a git tag cannot be empty");
        }
    }
}
