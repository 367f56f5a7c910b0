"""Fictional names and places for generated data. No real person or address is meant."""

GIRLS = (
    "Amelia Ava Bella Chloe Daisy Ella Emily Erin Evie Freya Grace Hannah Harper Isla Ivy "
    "Jasmine Layla Lily Lola Lucy Maisie Matilda Maya Mia Millie Molly Nancy Olivia Phoebe "
    "Poppy Rosie Ruby Sienna Sofia Sophie Willow Zara Aisha Amira Esme Florence Hallie Iris "
    "Luna Mabel Nell Orla Penny Robyn Skye Tilly Violet Wren Yasmin Zoe"
).split()
BOYS = (
    "Alfie Archie Arlo Arthur Charlie Dylan Edward Elijah Ethan Finley Freddie George Harry "
    "Harrison Henry Isaac Jack Jacob James Jayden Joshua Jude Kai Leo Logan Louie Luca Mason "
    "Max Noah Oliver Oscar Reggie Riley Ronnie Rory Sonny Teddy Theo Thomas Toby Tommy Zach "
    "Ezra Felix Hugo Ibrahim Kian Milo Ned Otis Rowan Seth Tyler Yusuf"
).split()
ADULT_FIRST = (
    "Alex Bo Cam Dana Eden Frankie Gale Harley Indy Jordan Kit Lee Morgan Nicky Oakley "
    "Parker Quinn Reese Sam Tanner Val Wyn Ash Blair Casey Drew Ellis Flynn Hayden Jamie "
    "Karen Louise Michelle Nadia Priya Rachel Sharon Tracy Wendy Dean Gary Kevin Mark Neil "
    "Paul Ross Stuart Wayne Darren"
).split()
SURNAMES = (
    "Ashdown Brightwell Carrow Dunmore Elsworth Fenwick Garside Hartwell Ingleby Jessop "
    "Kettering Lockwood Marwood Netherby Oakham Pennock Quarrie Rushworth Saltmarsh Thackeray "
    "Underhill Varley Wetherall Yardley Ambler Birtwistle Cawthorne Dewhurst Eastwood Farrow "
    "Gaskell Haworth Illingworth Jowett Kershaw Laycock Midgley Nuttall Ormerod Pickles "
    "Rawnsley Sugden Tattersall Uttley Wadsworth Ackroyd Bairstow Crabtree Duckworth Entwistle "
    "Fothergill Greenhalgh Holroyd Ickringill Judson Kitching Lumb Murgatroyd Naylor Oddy "
    "Pollard Riley Shackleton Thwaite Umpleby Wainwright Whiteley Armitage Boothroyd Clegg "
    "Dransfield Earnshaw Firth Gledhill Hirst Inchbold Jagger Kaye Lister Mellor Noble "
    "Overend Priestley Ramsden Sykes Taylorson Uttridge Walshaw Brearley Cockcroft Dyson"
).split()
STREETS = (
    "Acacia Avenue,Beacon Road,Chalk Lane,Dockside Walk,Elm Close,Ferry Lane,Gravel Hill,"
    "Harbour Row,Ivy Terrace,Juniper Way,Kiln Street,Lark Rise,Marsh Road,Nettle Drive,"
    "Orchard Crescent,Pilgrims Way,Quayside,Rope Walk,Saltings Road,Tidal Close,Upper Street,"
    "Vicarage Lane,Wharf Road,Yew Tree Gardens,Bramble Court,Cedar Grove,Dovecote Lane,"
    "Estuary View,Foundry Street,Granary Court"
).split(",")
TOWNS = (
    "Grayford,Tilmouth,Stanbridge,Corringham Fen,East Tilsey,Ockenham,Purfield,Chadwick Hythe"
).split(",")
# Postcode areas used only to build well-formed fictional postcodes.
POSTCODE_AREAS = ("RM", "SS", "CM", "DA")
AGENCIES = [
    ("Grayford Primary School", "2A"),
    ("Tilmouth Academy", "2A"),
    ("Stanbridge High School", "2A"),
    ("Ockenham Infant School", "2A"),
    ("Purfield Church of England Primary", "2A"),
    ("Chadwick Hythe College", "2A"),
    ("East Tilsey Junior School", "2A"),
    ("Education Welfare Service", "2B"),
    ("Riverside Medical Practice", "3A"),
    ("Marsh Road Surgery", "3A"),
    ("Health Visiting Team North", "3B"),
    ("Health Visiting Team South", "3B"),
    ("School Nursing Service", "3C"),
    ("Community Midwifery", "3D"),
    ("Basildon Road Emergency Department", "3E"),
    ("Child and Adolescent Mental Health Service", "3F"),
    ("Council Housing Services", "4"),
    ("Adult Social Care", "5A"),
    ("Youth Offending Service", "5B"),
    ("Early Help Hub", "5D"),
    ("County Police Public Protection Unit", "6"),
    ("Probation Service", "7"),
    ("Family Centre Grayford", "8"),
    ("Women's Aid Refuge", "8"),
    ("Young Carers Project", "8"),
]
ROLES = (
    "Designated safeguarding lead,Class teacher,Health visitor,School nurse,GP,"
    "Family support worker,Police officer,Housing officer,Youth worker,Midwife"
).split(",")
CONCERNS = (
    "arrives at school hungry and in unwashed clothes most days",
    "has missed many days of school this term without explanation",
    "has disclosed arguments and shouting at home that frighten them",
    "has been seen out late in the town centre with older young people",
    "is caring for a parent who is unwell and is falling behind at school",
    "has unexplained bruising that the family could not account for",
    "lives in a home the housing officer describes as unsafe and overcrowded",
    "has a parent who has told us they are struggling with their mental health",
    "has told a teacher that they do not want to go home",
    "has speech and language delay and the family has not attended appointments",
    "has been excluded twice this term and the family asks for help",
    "was present at a domestic incident attended by the police",
)
ACTIONS = (
    ("School attendance", "Attend the weekly attendance meeting with the family"),
    ("Housing", "Support the family to apply for a housing transfer"),
    ("Parenting", "Offer a place on the parenting programme"),
    ("Health", "Book the developmental review with the health visitor"),
    ("Emotional wellbeing", "Refer to the school counsellor"),
    ("Finances", "Help the family to claim the benefits they are entitled to"),
    ("Young carer", "Refer to the young carers project"),
    ("Routines", "Agree a morning routine chart with the family"),
    ("Safety", "Agree a safety plan with the parent"),
    ("Speech and language", "Refer to speech and language therapy"),
)
