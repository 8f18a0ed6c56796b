/// The optimizer module: see README.md.
public enum OptimizeModule {}
