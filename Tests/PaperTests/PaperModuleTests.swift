import Testing
@testable import Paper

@Test func thePaperModuleIsBuilt() {
    #expect("\(PaperModule.self)" == "PaperModule")
}
