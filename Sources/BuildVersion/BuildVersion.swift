/// The version of the code a binary was built from.
///
/// SwiftPM has no build-time variables, so the value is stamped by the `VersionStamp`
/// build-tool plugin (Plugins/VersionStamp): before every build it runs
/// `git describe --always --dirty` in the package directory and writes the answer into a
/// generated source of this target. The binary therefore reports the code it was compiled
/// from, wherever it is run from; outside a git checkout (a source archive) it is `unknown`.
public enum BuildVersion {
    /// `git describe --always --dirty` of the package at build time (`abc1234`,
    /// `v1.2-3-gabc1234-dirty`), or `unknown`.
    public static var codeVersion: String { stampedCodeVersion }
}
