/// The paper-trading module: see README.md.
public enum PaperModule {}
