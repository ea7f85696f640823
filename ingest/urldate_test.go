package ingest

import "testing"

// Addresses that write the month as a word ("/2014/aug/08/", as The
// Guardian and The New Indian Express do) carry the day as well as
// those that write it in digits. A word that is no month, a month
// without its day and a day that does not exist give nothing.
func TestDateFromURLMonthNames(t *testing.T) {
	checkDays(t, "DateFromURL", DateFromURL, []dayCase{
		{"https://www.example.com/world/2014/aug/08/drone-kills-five-near-the-border", "2014-08-08"},
		{"https://example.in/nation/2019/Mar/21/maoists-ambush-a-patrol-1234567.html", "2019-03-21"},
		{"https://example.com/news/2023/september/4/shelling-hits-a-market", "2023-09-04"},
		{"https://example.com/2021/sept/30/x", "2021-09-30"},
		{"https://example.com/2020/dec/7", "2020-12-07"},
		{"https://example.com/2014/aug/rebels-attack-a-convoy", ""},     // a month is not a day
		{"https://example.com/2014/news/08/rebels-attack-a-convoy", ""}, // "news" is no month
		{"https://example.com/2014/augu/08/x", ""},                      // nor a month cut short
		{"https://example.com/2023/feb/30/x", ""},                       // no such day
		{"https://example.com/search?d=2014/aug/08", ""},                // the query is not read
	})
}
