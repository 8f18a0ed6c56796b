/// The version of the code a binary was built from.
///
/// SwiftPM has no build-time variables, so the value is stamped by the `VersionStamp`
/// build-tool plugin (Plugins/VersionStamp): whenever the checkout (HEAD, its ref, the index)
/// or a source file of the package has changed since the last build, it runs
/// `git describe --always --dirty` in the package directory and writes the answer into a
/// generated source of this target. The binary therefore reports the code it was compiled
/// from, wherever it is run from; outside a git checkout (a source archive) it is `unknown`.
/// An edit to a tracked file that is not a source (the README, the data) shows as "-dirty"
/// only from the next build that sees one of those changes.
public enum BuildVersion {
    /// `git describe --always --dirty` of the package at build time (`abc1234`,
    /// `v1.2-3-gabc1234-dirty`), or `unknown`.
    public static var codeVersion: String { stampedCodeVersion }
}
