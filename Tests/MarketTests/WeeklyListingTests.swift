import Testing
@testable import Market


@Suite("Weekly listing rules")
struct WeeklyListingTests {
    @Test func seriesRunFromTheLastListingDay() {
        // Wednesdays opened on Tuesdays, five at a time (the 2019 chains).
        let wednesdays = WeeklyListing(from: day("2016-02-23"), listingDay: .tuesday, count: 5)
        // On the listing day itself the fifth Wednesday is 29 days out (2019-04-30 lists
        // 2019-05-29), on the Monday after only 23 (2019-04-29 lists up to 2019-05-22).
        #expect(wednesdays.nominalExpiries(of: .wednesday, on: day("2019-04-30"))
            == ["2019-05-01", "2019-05-08", "2019-05-15", "2019-05-22", "2019-05-29"].map(day))
        #expect(wednesdays.nominalExpiries(of: .wednesday, on: day("2019-04-29")).last == day("2019-05-22"))
        #expect(wednesdays.nominalExpiries(of: .wednesday, on: day("2019-04-29")).first == day("2019-04-24"))
        // Mondays opened on Fridays: 31 days out on the Friday, 28 on the Monday after.
        let mondays = WeeklyListing(from: day("2016-08-15"), listingDay: .friday, count: 5)
        #expect(mondays.nominalExpiries(of: .monday, on: day("2019-05-03")).last == day("2019-06-03"))
        #expect(mondays.nominalExpiries(of: .monday, on: day("2019-05-06")).last == day("2019-06-03"))
        #expect(mondays.nominalExpiries(of: .monday, on: day("2019-05-02")).last == day("2019-05-27"))
        // A weekday listed on itself counts its own day.
        let tuesdays = WeeklyListing(from: day("2022-04-18"), listingDay: .tuesday, count: 2)
        #expect(tuesdays.nominalExpiries(of: .tuesday, on: day("2022-07-12")) == [day("2022-07-12"), day("2022-07-19")])
    }

    @Test func theRuleInForceIsTheLatestStarted() {
        let eras = [
            WeeklyListing(from: day("2016-02-23"), listingDay: .tuesday, count: 5),
            WeeklyListing(from: day("2023-01-01"), listingDay: .monday, count: 5),
        ]
        #expect(WeeklyListing.rule(in: eras, on: day("2016-02-22")) == nil)
        #expect(WeeklyListing.rule(in: eras, on: day("2016-02-23")) == eras[0])
        #expect(WeeklyListing.rule(in: eras, on: day("2022-12-30")) == eras[0])
        #expect(WeeklyListing.rule(in: eras, on: day("2023-01-03")) == eras[1])
        // The eras the listing uses start each weekday on its first listing date, in order.
        for (weekday, eras) in ListedProductEras.midweekListings {
            #expect(eras == eras.sorted { $0.from < $1.from }, "\(weekday)")
            #expect(eras.allSatisfy { $0.count > 0 && $0.listingDay <= .friday })
        }
        #expect(ListedProductEras.midweekListings[.wednesday]?.first?.from == ListedProductEras.wednesdayWeeklies)
        #expect(ListedProductEras.midweekListings[.monday]?.first?.from == ListedProductEras.mondayWeeklies)
        #expect(ListedProductEras.midweekListings[.tuesday]?.first?.from == ListedProductEras.tuesdayWeeklies)
        #expect(ListedProductEras.midweekListings[.thursday]?.first?.from == ListedProductEras.thursdayWeeklies)
    }
}
