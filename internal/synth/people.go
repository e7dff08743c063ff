package synth

// Tables for demographics. The names are common US names; combined at
// random they are synthetic and refer to nobody.

var femaleNames = []string{
	"Mary", "Patricia", "Linda", "Barbara", "Elizabeth", "Jennifer", "Maria", "Susan", "Margaret", "Dorothy",
	"Lisa", "Nancy", "Karen", "Betty", "Helen", "Sandra", "Donna", "Carol", "Ruth", "Sharon",
	"Michelle", "Laura", "Sarah", "Kimberly", "Deborah", "Jessica", "Shirley", "Cynthia", "Angela", "Melissa",
	"Brenda", "Amy", "Anna", "Rebecca", "Virginia", "Kathleen", "Pamela", "Martha", "Debra", "Amanda",
	"Rosa", "Guadalupe", "Mei", "Aiko", "Fatima", "Esperanza", "Chloé", "Zoë", "Renée", "Inés",
}

var maleNames = []string{
	"James", "John", "Robert", "Michael", "William", "David", "Richard", "Charles", "Joseph", "Thomas",
	"Christopher", "Daniel", "Paul", "Mark", "Donald", "George", "Kenneth", "Steven", "Edward", "Brian",
	"Ronald", "Anthony", "Kevin", "Jason", "Matthew", "Gary", "Timothy", "Jose", "Larry", "Jeffrey",
	"Frank", "Scott", "Eric", "Stephen", "Andrew", "Raymond", "Gregory", "Joshua", "Jerry", "Dennis",
	"Walter", "Patrick", "Peter", "Harold", "Douglas", "Henry", "Carl", "Arthur", "José", "Hiroshi",
}

var middleNames = []string{"Ann", "Lee", "Marie", "Lynn", "Ray", "Jean", "Allen", "Louise", "Wayne", "Mae", "J", "Edward"}

var familyNames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
	"Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
	"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
	"Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
	"Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
	"O'Brien", "Müller", "Núñez", "Kowalski", "Yamamoto", "Van der Berg", "St. Clair", "Peña", "D'Angelo", "Schwarz-Weiß",
}

type stateZip struct {
	code string // USPS code
	ssa  string // SSA state code, as Blue Button v1 prints it
	zip  string // first three zip digits
}

var states = []stateZip{
	{"TX", "45", "775"}, {"ND", "35", "580"}, {"MA", "22", "023"}, {"AL", "01", "366"}, {"CA", "05", "900"},
	{"NY", "33", "100"}, {"FL", "10", "331"}, {"PA", "39", "191"}, {"OH", "36", "432"}, {"IL", "14", "606"},
	{"GA", "11", "303"}, {"NC", "34", "276"}, {"MI", "23", "482"}, {"AZ", "03", "850"}, {"WA", "50", "981"},
	{"VA", "49", "232"}, {"TN", "44", "372"}, {"MD", "21", "212"}, {"MN", "24", "554"}, {"CO", "06", "802"},
	{"VT", "47", "054"}, {"NM", "32", "871"}, {"PR", "40", "009"}, {"AK", "02", "995"}, {"HI", "12", "968"},
}

type race struct {
	omb, display string // US Core OMB category
	v1, v1Disp   string // Blue Button v1 race code
}

var races = []race{
	{"2106-3", "White", "1", "White"},
	{"2106-3", "White", "1", "White"},
	{"2106-3", "White", "1", "White"},
	{"2054-5", "Black or African American", "2", "Black"},
	{"2028-9", "Asian", "4", "Asian"},
	{"2131-1", "Other Race", "3", "Other"},
	{"1002-5", "American Indian or Alaska Native", "6", "North American Native"},
	{"2135-2", "Hispanic or Latino", "5", "Hispanic"},
	{"UNK", "Unknown", "0", "Unknown"},
}

var languages = []string{"en", "en", "en", "es", "unknown"}
