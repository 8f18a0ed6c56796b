/// Delimited-text reading and writing with exact numbers and precise error locations.
public enum Tabular {}
