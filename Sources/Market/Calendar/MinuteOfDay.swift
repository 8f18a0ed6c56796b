/// Minutes after midnight, New York time: how quote times and settlement times are kept.
public enum MinuteOfDay {
    /// `HH:MM` of `minute` minutes after midnight (960 is `16:00`).
    public static func text(_ minute: Int) -> String {
        String(format: "%02d:%02d", minute / 60, minute % 60)
    }
}
