/// Delimited-text reading and writing with exact numbers and precise error locations.
///
/// Reading: `CSVFile` maps a comma-separated file with a header row, finds columns by name
/// and iterates `CSVRow`s whose fields parse to exactly rounded `Double`s, integers, strings
/// and calendar dates. Writing: `CSVWriter` buffers output for standard output or a file and
/// prints every `Double` so that it reads back to the same value; a file is replaced only
/// when the writer finishes, so a failed run never damages an existing file.
///
/// Every failure is a `TabularError` naming the file, the line and the column.
///
/// Named `TabularModule` rather than `Tabular` so that it does not shadow the module name.
public enum TabularModule {}
