import { createHash, randomUUID } from 'node:crypto';
import { recordAudit } from '../platform/audit.ts';
import { encryptColumn } from '../platform/encrypted-fields.ts';
import { todayIn } from '../platform/time.ts';
import { listOrganisationOptionRows, listTypes } from '../directory/organisations-repository.ts';
import { consultationColumns, consultationLogColumns } from '../consultations/encrypted-columns.ts';
import {
	DEFAULT_RETENTION_MONTHS,
	formatReference,
	type AgeGroup,
	type CaseType,
	type Channel,
	type ConsultationSource,
	type ConsultationStatus,
	type Gender,
	type LogKind,
	type Perpetrator,
	type Urgency,
	type Vulnerability
} from '../consultations/model.ts';
import { insertConsultation, nextReferenceNumber, setTopics } from '../consultations/consultations-repository.ts';
import { insertLogEntry, setAnswer } from '../consultations/log-repository.ts';
import { ensureDefaultTopics, listTopics } from '../consultations/settings-repository.ts';
import { insertTransition, setAssignee, setFollowUp, setStatus } from '../consultations/workflow-repository.ts';
import { eraseConsultationTexts } from '../consultations/retention-repository.ts';
import { normaliseFollowUpCode } from '../consultations/anonymous-service.ts';
import type { DemoContext } from './seed.ts';
import { NORRBOTTEN_MUNICIPALITIES } from './seed.ts';

/**
 * The demo consultations of Kompetensteamet Norrbotten (the demo): two years up to "now",
 * about 25 a half-year, from eight of the ten participating municipalities (Haparanda and Jokkmokk,
 * the two without a fixed representative in the directory demo, are never reached), mostly from
 * social services, also from schools and NGOs; four in five about honour-related violence and
 * oppression, often with a second topic. Older ones are closed (and their texts erased after the
 * default retention, as the daily job would have done), some answered, a few new or in progress in
 * the last weeks; a few were asked by members in the app and one through the anonymous form.
 * Every text is invented and de-identified — a unit test runs each one through the anonymity guard.
 * Deterministic, so the demo looks the same after every reset.
 */

/** The follow-up code of the demo's anonymous question, to try the status page at /norrbotten/ask/status. */
export const DEMO_FOLLOW_UP_CODE = 'FRAG-ASVA-R234';

const COORDINATOR = 'aino.keskitalo@lansstyrelsen-bd.example.se';
const SECOND_COORDINATOR = 'johan.nilsson@lansstyrelsen-bd.example.se';

/** Municipalities that bring no questions in the demo, matching the directory's gaps. */
export const UNREACHED = ['Haparanda', 'Jokkmokk'];

// Twelve slots in which every reached municipality appears, the larger towns more often: any twelve
// consecutive staff-registered consultations come from all eight.
const MUNICIPALITY_CYCLE = [
	'Luleå',
	'Piteå',
	'Boden',
	'Kiruna',
	'Luleå',
	'Gällivare',
	'Kalix',
	'Piteå',
	'Älvsbyn',
	'Luleå',
	'Arvidsjaur',
	'Boden'
];

interface Case {
	question: string;
	topics: string[];
	/** Organisation type key of the asker (directory). */
	asker: string;
	askerFunction: string;
	caseType: CaseType;
	ageGroup: AgeGroup;
	gender: Gender;
	perpetrator: Perpetrator | null;
	vulnerabilities?: Vulnerability[];
	urgency: Urgency;
	/** The advice given, as the coordinator wrote it in the log (and, for askers in the app, the answer). */
	advice: string;
	/** Organisation type key the asker was referred to, when there was a referral. */
	referral?: string;
	/** A general question: usually raised at a team meeting. */
	general?: boolean;
}

/** Questions about honour-related violence and oppression. */
export const HONOUR_CASES: Case[] = [
	{
		question:
			'En skolkurator hör av sig om en flicka i årskurs 8 som berättar att hon inte får följa med på skolresan och att hennes bror följer henne till och från skolan varje dag. Flickan är rädd för vad som händer om familjen får veta att hon pratat med kuratorn. Kuratorn undrar om det räcker för en orosanmälan och hur hon ska prata med flickan utan att öka riskerna.',
		topics: ['honour', 'social_control'],
		asker: 'school',
		askerFunction: 'Skolkurator',
		caseType: 'one_person',
		ageGroup: 'age_13_17',
		gender: 'girl_woman',
		perpetrator: 'siblings',
		urgency: 'normal',
		advice:
			'Gick igenom att skolan ska göra en orosanmälan enligt 14 kap. 1 § SoL och att vårdnadshavarna inte ska kontaktas innan socialtjänsten gjort en första skyddsbedömning. Rådde kuratorn att dokumentera flickans egna ord och att inte ta upp saken med brodern.',
		referral: 'social_services'
	},
	{
		question:
			'Socialsekreterare på mottagningen har fått en orosanmälan om en sextonårig flicka som berättat för en lärare att hon ska giftas bort under sommarlovet i föräldrarnas hemland. Hur bör vi gå vidare, och vilka åtgärder finns för att förhindra en utresa?',
		topics: ['honour', 'forced_marriage', 'abroad'],
		asker: 'social_services',
		askerFunction: 'Socialsekreterare, mottagningen',
		caseType: 'one_person',
		ageGroup: 'age_13_17',
		gender: 'girl_woman',
		perpetrator: 'parents',
		urgency: 'high',
		advice:
			'Gick igenom möjligheten till utreseförbud enligt LVU, samråd med polisen och hur flickans berättelse dokumenteras. Rekommenderade att samråda med polisen samma dag och att planera för ett skyddat boende om flickan vill det.',
		referral: 'police'
	},
	{
		question:
			'En handläggare på vuxenenheten har en kvinna i 25-årsåldern som vill lämna sin make men som säger att hennes egen familj då kommer att straffa henne. Kvinnan har fått hotfulla meddelanden från en kusin. Handläggaren undrar hur skyddsbedömningen bör göras och om skyddat boende är aktuellt.',
		topics: ['honour', 'threats'],
		asker: 'social_services',
		askerFunction: 'Handläggare, vuxenenheten',
		caseType: 'one_person',
		ageGroup: 'age_18_25',
		gender: 'girl_woman',
		perpetrator: 'relatives',
		urgency: 'high',
		advice:
			'Rådgivning om strukturerad riskbedömning där hela släktens hållning vägs in, inte bara makens. Skyddat boende på annan ort bedöms som aktuellt; kvinnan bör också informeras om möjligheten till skyddade personuppgifter.',
		referral: 'shelter'
	},
	{
		question:
			'Rektor på en gymnasieskola berättar att en elev i årskurs 2 plötsligt slutat komma till skolan efter att ha setts tillsammans med en pojkvän. Kamrater säger att eleven hålls hemma och att telefonen har tagits ifrån henne. Skolan undrar vad de kan göra förutom att anmäla frånvaron.',
		topics: ['honour', 'social_control'],
		asker: 'school',
		askerFunction: 'Rektor, gymnasieskolan',
		caseType: 'one_person',
		ageGroup: 'age_13_17',
		gender: 'girl_woman',
		perpetrator: 'parents',
		urgency: 'high',
		advice:
			'Frånvaron i kombination med uppgifterna från kamraterna räcker för en orosanmälan, som bör göras i dag. Skolan ska inte göra hembesök på egen hand. Rådde rektorn att samla uppgifterna skriftligt och att utse en kontaktperson på skolan.',
		referral: 'social_services'
	},
	{
		question:
			'En volontär i en ideell förening som driver läxhjälp undrar hur hon ska agera när en pojke på 14 år berättat att han blir slagen av sin pappa för att han inte ber och för att han umgås med fel kompisar. Pojken vill inte att socialtjänsten ska kontaktas.',
		topics: ['honour', 'physical_violence'],
		asker: 'ngo',
		askerFunction: 'Volontär, läxhjälpen',
		caseType: 'one_person',
		ageGroup: 'age_13_17',
		gender: 'boy_man',
		perpetrator: 'parents',
		urgency: 'normal',
		advice:
			'Förklarade att ideella föreningar inte har anmälningsskyldighet men får och bör anmäla oro för ett barn. Gav stöd i hur volontären kan berätta för pojken vad som händer efter en anmälan, så att han inte känner sig sviken.',
		referral: 'social_services'
	},
	{
		question:
			'Familjebehandlare har en familj där mamman och tre barn flyttat till en egen lägenhet efter våld från pappan. Släktingar har börjat höra av sig och kräver att mamman ska återvända, annars drar hon skam över familjen. Hur ser vi på riskerna för barnen?',
		topics: ['honour', 'close_relationships'],
		asker: 'social_services',
		askerFunction: 'Familjebehandlare',
		caseType: 'parent_with_children',
		ageGroup: 'age_0_12',
		gender: 'unknown',
		perpetrator: 'relatives',
		urgency: 'high',
		advice:
			'Riskerna gäller både mamman och barnen; släktens påtryckningar är en riskfaktor i sig. Rekommenderade en ny skyddsbedömning, samordning med skolan om vem som får hämta barnen och kontakt med kvinnojouren om stödsamtal.',
		referral: 'shelter'
	},
	{
		question:
			'En socialsekreterare utreder en ung man på 19 år som berättat att familjen hotat honom sedan de fått veta att han är homosexuell. Han bor kvar hemma och vågar inte flytta. Vilka insatser kan vi erbjuda en vuxen man i den situationen?',
		topics: ['honour', 'threats'],
		asker: 'social_services',
		askerFunction: 'Socialsekreterare, vuxenenheten',
		caseType: 'one_person',
		ageGroup: 'age_18_25',
		gender: 'boy_man',
		perpetrator: 'parents',
		vulnerabilities: ['lgbtq'],
		urgency: 'high',
		advice:
			'Unga vuxna män har samma rätt till skydd och stöd enligt 5 kap. 11 § SoL. Tipsade om skyddade boenden som tar emot unga män och hbtqi-personer, och om att erbjuda stödsamtal med någon som har erfarenhet av hedersproblematik.'
	},
	{
		question:
			'En förskollärare är orolig för en flicka på fyra år vars mamma nämnt att flickan ska resa till släkten under sommaren för att bli ren inför skolstarten. Förskolan undrar om det kan handla om könsstympning och vad de ska göra.',
		topics: ['honour', 'fgm', 'abroad'],
		asker: 'preschool',
		askerFunction: 'Förskollärare',
		caseType: 'one_person',
		ageGroup: 'age_0_12',
		gender: 'girl_woman',
		perpetrator: 'parents',
		urgency: 'acute',
		advice:
			'Uppgifterna ska anmälas till socialtjänsten omedelbart; könsstympning är brottsligt även om det sker utomlands. Förskolan ska inte ta upp saken med mamman innan socialtjänsten har bedömt situationen.',
		referral: 'social_services'
	},
	{
		question:
			'Mottagningen har fått in en anmälan från hälso- och sjukvården om en gravid 17-åring som säger att hon är gift med en man i 30-årsåldern. Paret har vigts religiöst utomlands. Hur hanterar vi frågan om barnäktenskap och vad gäller för erkännande av äktenskapet?',
		topics: ['honour', 'forced_marriage'],
		asker: 'social_services',
		askerFunction: 'Socialsekreterare, barn och unga',
		caseType: 'one_person',
		ageGroup: 'age_13_17',
		gender: 'girl_woman',
		perpetrator: 'partner',
		urgency: 'high',
		advice:
			'Ett äktenskap som ingåtts när någon av parterna var under 18 år erkänns inte i Sverige. Flickan ska behandlas som ett barn i utredningen; rekommenderade polisanmälan och samråd om eventuellt omhändertagande enligt LVU.',
		referral: 'police'
	},
	{
		question:
			'Biståndshandläggare undrar hur man ska tänka när en kvinna med intellektuell funktionsnedsättning bor hos sina föräldrar som bestämmer allt om hennes pengar, kläder och umgänge, och som har börjat tala om att hitta en make åt henne.',
		topics: ['honour', 'social_control', 'forced_marriage'],
		asker: 'social_services',
		askerFunction: 'Biståndshandläggare, LSS',
		caseType: 'one_person',
		ageGroup: 'age_26_plus',
		gender: 'girl_woman',
		perpetrator: 'parents',
		vulnerabilities: ['disability'],
		urgency: 'normal',
		advice:
			'Personer med funktionsnedsättning är särskilt utsatta för äktenskapstvång. Rekommenderade samtal med kvinnan ensam och med tolk om det behövs, och att bedöma hennes förmåga att samtycka tillsammans med en god man.'
	},
	{
		question:
			'En samordnare i en förening för nyanlända berättar om två systrar i tonåren som inte längre får delta i föreningens aktiviteter efter att en kusin spridit rykten om dem på sociala medier. Föreningen undrar hur de kan stötta systrarna utan att förvärra situationen.',
		topics: ['honour', 'social_control'],
		asker: 'ngo',
		askerFunction: 'Samordnare, förening för nyanlända',
		caseType: 'siblings',
		ageGroup: 'age_13_17',
		gender: 'girl_woman',
		perpetrator: 'relatives',
		vulnerabilities: ['newly_arrived'],
		urgency: 'normal',
		advice:
			'Rykten kan öka risken snabbt. Rådde föreningen att göra en orosanmälan och att inte kontakta familjen om ryktena. Gav tips om hur föreningen kan hålla kontakten med systrarna via skolan.',
		referral: 'social_services'
	},
	{
		question:
			'Barnutredare vill ha hjälp att bedöma en situation där en fjortonårig pojke tvingas bevaka sin storasyster och rapportera till pappan. Pojken mår dåligt och har börjat skolka. Hur ser vi på honom, som utsatt eller som utövare?',
		topics: ['honour', 'social_control'],
		asker: 'social_services',
		askerFunction: 'Barnutredare',
		caseType: 'siblings',
		ageGroup: 'age_13_17',
		gender: 'boy_man',
		perpetrator: 'parents',
		urgency: 'normal',
		advice:
			'Pojken är i första hand ett utsatt barn som tvingas in i en kontrollerande roll. Rekommenderade att båda syskonen utreds var för sig och att pojken erbjuds eget stöd.'
	},
	{
		question:
			'Skolsköterska har träffat en flicka i årskurs 9 som berättar att hon undersökts av en släkting för att kontrollera att hon är oskuld. Flickan är mycket rädd och vill inte gå hem i dag. Skolsköterskan ringer för att få råd om vad som ska göras nu.',
		topics: ['honour', 'sexual_violence'],
		asker: 'school',
		askerFunction: 'Skolsköterska',
		caseType: 'one_person',
		ageGroup: 'age_13_17',
		gender: 'girl_woman',
		perpetrator: 'relatives',
		urgency: 'acute',
		advice:
			'Akut läge: orosanmälan per telefon till socialtjänsten direkt, och socialjouren efter kontorstid. Flickan ska inte skickas hem innan socialtjänsten har fattat beslut. Polisanmälan görs av socialtjänsten.',
		referral: 'social_services'
	},
	{
		question:
			'Socialtjänsten har placerat en flicka på 16 år enligt LVU efter hot från familjen. Nu har familjen fått reda på var hon bor och en morbror har setts utanför boendet. Hur bör vi tänka kring ny placering och skydd av hennes uppgifter?',
		topics: ['honour', 'threats'],
		asker: 'social_services',
		askerFunction: 'Socialsekreterare, placeringsenheten',
		caseType: 'one_person',
		ageGroup: 'age_13_17',
		gender: 'girl_woman',
		perpetrator: 'relatives',
		urgency: 'acute',
		advice:
			'Rekommenderade omplacering på annan ort, ansökan om skyddade personuppgifter och sekretessmarkering i journalen. Påminde om att umgänge med vårdnadshavarna kan behöva begränsas enligt 14 § LVU.',
		referral: 'police'
	},
	{
		question:
			'En enhetschef vill ha konsultation inför ett möte med en familj där föräldrarna vill flytta utomlands med alla fyra barnen efter att den äldsta dottern haft en pojkvän. Barnen har sagt till skolan att de inte vill åka.',
		topics: ['honour', 'abroad'],
		asker: 'social_services',
		askerFunction: 'Enhetschef barn och unga',
		caseType: 'whole_family',
		ageGroup: 'age_13_17',
		gender: 'unknown',
		perpetrator: 'parents',
		urgency: 'high',
		advice:
			'Förberedde mötet tillsammans: prata med barnen var för sig före mötet med föräldrarna, ha en plan för utreseförbud klar och ta inte upp skolans uppgifter så att barnen pekas ut.'
	},
	{
		question:
			'Handläggare på ekonomiskt bistånd har en man i 40-årsåldern som berättar att han pressas av sin familj att skilja sig från sin hustru, som familjen menar har dragit skam över dem. Han är orolig för att hustrun ska skadas.',
		topics: ['honour', 'threats'],
		asker: 'social_services',
		askerFunction: 'Handläggare, ekonomiskt bistånd',
		caseType: 'whole_family',
		ageGroup: 'age_26_plus',
		gender: 'girl_woman',
		perpetrator: 'relatives',
		urgency: 'normal',
		advice:
			'Mannens berättelse är viktig information om risken för hustrun. Rekommenderade att hustrun erbjuds ett eget samtal och att vuxenenheten gör en riskbedömning; mannen kan erbjudas stöd för att stå emot påtryckningarna.'
	},
	{
		question:
			'En lärare på språkintroduktionen undrar om hon bör göra en orosanmälan om en elev på 17 år som säger att familjen har bestämt vem hon ska gifta sig med efter skolan. Eleven säger själv att det är okej, men verkar nedstämd.',
		topics: ['honour', 'forced_marriage'],
		asker: 'school',
		askerFunction: 'Lärare, språkintroduktion',
		caseType: 'one_person',
		ageGroup: 'age_13_17',
		gender: 'girl_woman',
		perpetrator: 'parents',
		vulnerabilities: ['newly_arrived'],
		urgency: 'normal',
		advice:
			'Ja, anmälningsplikten gäller även när eleven själv säger att det är okej. Gav förslag på frågor om elevens egen vilja och om vad som händer om hon säger nej.',
		referral: 'social_services'
	},
	{
		question:
			'En diakon i en församling har fått förtroende av en kvinna som inte får lämna hemmet utan sin svärmor. Kvinnan har inte varit ute ensam på flera månader och saknar egna pengar. Diakonen undrar hur hon kan hjälpa kvinnan vidare utan att hon utsätts för mer.',
		topics: ['honour', 'social_control', 'close_relationships'],
		asker: 'religious_community',
		askerFunction: 'Diakon',
		caseType: 'one_person',
		ageGroup: 'age_26_plus',
		gender: 'girl_woman',
		perpetrator: 'relatives',
		urgency: 'normal',
		advice:
			'Gav information om kvinnojourens stödsamtal och om hur kvinnan själv kan kontakta socialtjänsten. Diakonen kan erbjuda att följa med, men bör inte kontakta familjen.',
		referral: 'shelter'
	},
	{
		question:
			'Socialtjänsten vill ha en genomgång av hur man gör en riskbedömning vid hedersrelaterat våld och vilka bedömningsstöd som finns. De planerar att ta fram en rutin för mottagningen.',
		topics: ['honour'],
		asker: 'social_services',
		askerFunction: 'Enhetschef, mottagningen',
		caseType: 'general',
		ageGroup: 'unknown',
		gender: 'unknown',
		perpetrator: null,
		urgency: 'normal',
		general: true,
		advice:
			'Presenterade bedömningsstöden och erbjöd att granska utkastet till rutin. Skickade länkar till nationella kompetensteamets material och Socialstyrelsens föreskrifter om våld i nära relationer.'
	},
	{
		question:
			'Elevhälsan vill ha tips på hur de kan prata om hedersnormer och rätten att själv välja partner i undervisningen i årskurs 7–9, utan att enskilda elever pekas ut.',
		topics: ['honour'],
		asker: 'school',
		askerFunction: 'Skolkurator',
		caseType: 'general',
		ageGroup: 'unknown',
		gender: 'unknown',
		perpetrator: null,
		urgency: 'normal',
		general: true,
		advice:
			'Tipsade om färdiga lektionsupplägg och om att arbeta med normer i hela gruppen. Erbjöd att teamet kommer ut och håller en lektion tillsammans med elevhälsan.'
	},
	{
		question:
			'Socialsekreterare har en pojke på 12 år vars familj hotat att skicka honom till en skola utomlands eftersom han betett sig för fritt. Hur bedömer vi risken för att han förs ut ur landet?',
		topics: ['honour', 'abroad'],
		asker: 'social_services',
		askerFunction: 'Socialsekreterare, barn och unga',
		caseType: 'one_person',
		ageGroup: 'age_0_12',
		gender: 'boy_man',
		perpetrator: 'parents',
		urgency: 'high',
		advice:
			'Tecken att väga in: planerade resor, pass som förnyas, syskon som redan skickats i väg. Gick igenom utreseförbud enligt 31 a § LVU och kontakt med polisen inför skollov.',
		referral: 'police'
	},
	{
		question:
			'En barnmorska på ungdomsmottagningen har träffat en kvinna på 18 år som vill göra abort utan att familjen får veta. Kvinnan är rädd för att hennes bröder ska skada henne om det kommer fram.',
		topics: ['honour', 'threats'],
		asker: 'youth_clinic',
		askerFunction: 'Barnmorska',
		caseType: 'one_person',
		ageGroup: 'age_18_25',
		gender: 'girl_woman',
		perpetrator: 'siblings',
		urgency: 'high',
		advice:
			'Gick igenom sekretessen i vården och hur journalen kan skyddas. Kvinnan bör erbjudas kontakt med socialtjänsten för en riskbedömning; barnmorskan kan förmedla kontakten om kvinnan vill.',
		referral: 'social_services'
	},
	{
		question:
			'Familjerätten har ett ärende där pappan begär umgänge med barnen, men mamman berättar att pappans släkt har hotat att ta barnen utomlands. Hur ska familjerätten väga in hedersaspekten i sin bedömning?',
		topics: ['honour', 'abroad'],
		asker: 'social_services',
		askerFunction: 'Familjerättssekreterare',
		caseType: 'parent_with_children',
		ageGroup: 'age_0_12',
		gender: 'unknown',
		perpetrator: 'relatives',
		urgency: 'normal',
		advice:
			'Risken för bortförande ska utredas innan umgänge föreslås. Rekommenderade att höra barnen, att begära uppgifter från polisen och att överväga umgänge med kontaktperson.'
	},
	{
		question:
			'Kommunpolisen undrar hur de ska samverka med socialtjänsten kring en ung kvinna som anmält sin bror för misshandel men som sedan tagit tillbaka anmälan efter påtryckningar från familjen.',
		topics: ['honour', 'physical_violence'],
		asker: 'police',
		askerFunction: 'Kommunpolis',
		caseType: 'one_person',
		ageGroup: 'age_18_25',
		gender: 'girl_woman',
		perpetrator: 'siblings',
		urgency: 'normal',
		advice:
			'Misshandel hör under allmänt åtal även om anmälan tas tillbaka. Föreslog ett gemensamt samrådsmöte mellan polis och socialtjänst och att kvinnan erbjuds stödsamtal hos kvinnojouren.',
		referral: 'shelter'
	},
	{
		question:
			'En socialsekreterare har en flicka på 15 år som hittats på busstationen efter att ha rymt hemifrån. Hon säger att hon inte får gå i skolan längre och att mamman slagit henne. Flickan vill inte åka hem. Vilken bedömning gör vi kring ett omedelbart omhändertagande?',
		topics: ['honour', 'physical_violence'],
		asker: 'social_services',
		askerFunction: 'Socialsekreterare, socialjouren',
		caseType: 'one_person',
		ageGroup: 'age_13_17',
		gender: 'girl_woman',
		perpetrator: 'parents',
		urgency: 'acute',
		advice:
			'Gick igenom rekvisiten för omedelbart omhändertagande enligt 6 § LVU och vikten av att flickan inte lämnas hem under utredningen. Rekommenderade placering på jourhem utan kända kontakter i familjens nätverk.',
		referral: 'police'
	}
];

/** Questions about other kinds of violence. */
export const OTHER_CASES: Case[] = [
	{
		question:
			'En socialsekreterare undrar hur man bäst samtalar med en pappa som utövar våld mot sin partner och som själv har sökt hjälp för att sluta.',
		topics: ['close_relationships'],
		asker: 'social_services',
		askerFunction: 'Socialsekreterare, vuxenenheten',
		caseType: 'parent_with_children',
		ageGroup: 'age_26_plus',
		gender: 'girl_woman',
		perpetrator: 'partner',
		urgency: 'normal',
		advice:
			'Tipsade om behandlingsprogram för våldsutövare och om att alltid göra en riskbedömning för partnern och barnen parallellt med stödet till pappan.'
	},
	{
		question:
			'Kuratorn har en elev i årskurs 6 som berättar att mammans nya sambo slår mamman och att eleven ofta ligger vaken och lyssnar. Vad gäller för barn som bevittnar våld?',
		topics: ['close_relationships'],
		asker: 'school',
		askerFunction: 'Skolkurator',
		caseType: 'parent_with_children',
		ageGroup: 'age_0_12',
		gender: 'unknown',
		perpetrator: 'partner',
		urgency: 'normal',
		advice:
			'Barn som bevittnar våld är brottsoffer och har rätt till stöd. Orosanmälan ska göras; kuratorn kan erbjuda stödsamtal i väntan på socialtjänstens utredning.',
		referral: 'social_services'
	},
	{
		question:
			'Vuxenenheten har en äldre kvinna som utsätts för psykiskt våld och ekonomiskt utnyttjande av sin vuxne son. Hur kan vi stödja henne när hon inte vill göra en polisanmälan?',
		topics: ['close_relationships'],
		asker: 'social_services',
		askerFunction: 'Handläggare, äldreomsorgen',
		caseType: 'one_person',
		ageGroup: 'age_26_plus',
		gender: 'girl_woman',
		perpetrator: 'relatives',
		urgency: 'normal',
		advice:
			'Socialtjänsten kan erbjuda stöd även utan polisanmälan. Gav förslag på att involvera äldreomsorgens biståndshandläggare och att se över hennes ekonomi tillsammans med henne.'
	},
	{
		question:
			'En förening för unga frågar hur de ska agera när en medlem på 16 år berättar att hon får pengar och presenter av en äldre man mot att hon skickar bilder på sig själv.',
		topics: ['sexual_violence'],
		asker: 'ngo',
		askerFunction: 'Verksamhetsledare',
		caseType: 'one_person',
		ageGroup: 'age_13_17',
		gender: 'girl_woman',
		perpetrator: 'unknown',
		urgency: 'high',
		advice:
			'Det kan vara köp av sexuell handling av barn och ska polisanmälas. Föreningen bör göra en orosanmälan och hjälpa flickan att spara meddelandena.',
		referral: 'police'
	},
	{
		question:
			'Rektor är orolig för en pojke i årskurs 9 som delar våldsbejakande material i klassens gruppchatt och har uttryckt sympati för en extrem rörelse.',
		topics: ['extremism'],
		asker: 'school',
		askerFunction: 'Rektor, grundskolan',
		caseType: 'one_person',
		ageGroup: 'age_13_17',
		gender: 'boy_man',
		perpetrator: null,
		urgency: 'normal',
		advice:
			'Hänvisade till kommunens samordnare mot våldsbejakande extremism och gav råd om hur skolan kan prata med pojken och klassen utan att stänga dörren.'
	},
	{
		question:
			'Socialtjänsten har fått kontakt med en kvinna som kommit till landet för att arbeta i ett kök och som inte får behålla sin lön eller sitt pass. Hur går vi vidare?',
		topics: ['trafficking'],
		asker: 'social_services',
		askerFunction: 'Socialsekreterare, mottagningen',
		caseType: 'one_person',
		ageGroup: 'age_26_plus',
		gender: 'girl_woman',
		perpetrator: 'community',
		urgency: 'high',
		advice:
			'Uppgifterna tyder på människohandel för arbete. Rekommenderade kontakt med den regionala samordnaren mot människohandel och polisen, och att erbjuda kvinnan skyddat boende.',
		referral: 'police'
	},
	{
		question:
			'En utredare har ett ärende där en ung kvinna utsätts för kontroll och hot av sin före detta pojkvän, som följer efter henne och hör av sig hela nätterna.',
		topics: ['close_relationships', 'threats'],
		asker: 'social_services',
		askerFunction: 'Utredare, vuxenenheten',
		caseType: 'one_person',
		ageGroup: 'age_18_25',
		gender: 'girl_woman',
		perpetrator: 'partner',
		urgency: 'high',
		advice:
			'Gick igenom kontaktförbud och hur kvinnan kan dokumentera förföljelsen. Rekommenderade att hon får hjälp att göra en polisanmälan.',
		referral: 'shelter'
	},
	{
		question:
			'Kvinnojouren undrar hur de kan hjälpa en kvinna med två barn och en hund som behöver skyddat boende men som inte vill lämna orten.',
		topics: ['close_relationships'],
		asker: 'shelter',
		askerFunction: 'Jourkvinna, stödsamtal',
		caseType: 'parent_with_children',
		ageGroup: 'age_26_plus',
		gender: 'girl_woman',
		perpetrator: 'partner',
		urgency: 'normal',
		advice:
			'Gav exempel på skyddade boenden som tar emot djur och på hur socialtjänsten kan bedöma skydd på hemorten. Kvinnan bör få en egen riskbedömning.',
		referral: 'social_services'
	}
];

/** Log texts of the work after the first advice. */
export const LOG_TEXTS = {
	note: 'Inledande samtal med frågeställaren. Inväntar mer information om vad skolan och socialtjänsten redan gjort.',
	referral: 'Hänvisade frågeställaren vidare och förmedlade kontaktuppgifter till rätt verksamhet.',
	team_meeting:
		'Ärendet togs upp avidentifierat på kompetensteamsträffen. Gruppen delade erfarenheter av liknande situationer och stödjer den bedömning som gjorts.',
	follow_up:
		'Uppföljning med frågeställaren: socialtjänsten har gjort en skyddsbedömning och utredningen fortsätter. Inga nya frågor just nu.',
	reopened:
		'Frågeställaren hörde av sig igen efter att familjen flyttat inom länet. Ny rådgivning om hur utredningen kan överlämnas till den nya kommunen.'
} as const;

/** Members who asked in the app, where they work, and which case they asked about. */
const MEMBER_QUESTIONS: { email: string; municipality: string; case: Case }[] = [
	{ email: 'erik.ohman@socialtjansten.lulea.example.se', municipality: 'Luleå', case: HONOUR_CASES[1] },
	{ email: 'lena.pekkari@elevhalsan.kiruna.example.se', municipality: 'Kiruna', case: HONOUR_CASES[0] },
	{ email: 'elin.sandstrom@gallivare.example.se', municipality: 'Gällivare', case: HONOUR_CASES[5] },
	{
		email: 'fatima.hassan@kvinnojouren-pitea.example.se',
		municipality: 'Piteå',
		case: { ...HONOUR_CASES[2], asker: 'shelter', askerFunction: 'Verksamhetsledare, kvinnojouren' }
	}
];

/** The anonymous asker's question: no municipality, no organisation type, no way back but the code. */
export const ANONYMOUS_QUESTION =
	'Jag jobbar på en fritidsgård och en tjej som brukar komma hit säger att hon inte får vara här längre eftersom hennes familj tycker att det är skamligt. Hon verkar rädd. Vad kan jag göra som fritidsledare?';
export const ANONYMOUS_ANSWER =
	'Tack för din fråga. Du kan göra en orosanmälan till socialtjänsten i kommunen där tjejen bor, även utan att veta säkert. Berätta för henne att du gör det för att du bryr dig. Ring oss gärna om du vill ha stöd.';

const DAY_MS = 24 * 3600_000;

function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / DAY_MS);
}

/** Moves a Saturday back to Friday and a Sunday on to Monday: questions come in on working days. */
function workday(day: string): string {
	const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
	return weekday === 6 ? addDays(day, -1) : weekday === 0 ? addDays(day, 1) : day;
}

interface Planned {
	receivedOn: string;
	source: ConsultationSource;
	channel: Channel;
	municipality: string | null;
	case: Case;
	/** For member questions: who asked. */
	askerEmail?: string;
	assigneeEmail: string | null;
	status: ConsultationStatus;
	reopened?: boolean;
	followUpOn: string | null;
}

export async function seedConsultations(ctx: DemoContext): Promise<void> {
	const network = ctx.networks.get('norrbotten');
	if (!network) throw new Error('demo: the consultations step needs the Norrbotten network');
	const { db, now, keyring } = ctx;
	const networkId = network.id;
	const today = todayIn(network.timeZone, now);

	// A deterministic pseudo-random sequence, so every reset of the demo gives the same consultations.
	let seed = 2026;
	const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
	const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

	await ensureDefaultTopics(db, networkId);
	const topicId = new Map((await listTopics(db, networkId)).map((t) => [t.key, t.id]));
	const typeId = new Map((await listTypes(db, networkId)).map((t) => [t.key, t.id]));
	const idOf = (map: Map<string | null, string>, key: string, what: string) => {
		const id = map.get(key);
		if (!id) throw new Error(`demo: no ${what} ${key}`);
		return id;
	};
	const municipalityId = new Map(NORRBOTTEN_MUNICIPALITIES.map((m) => [m.name, `SE-${m.code}`]));
	const organisations = (await listOrganisationOptionRows(db, networkId)).filter((o) => o.active);
	// Some referrals name an organisation from the directory rather than only its type.
	const organisationFor = (typeKey: string, municipality: string | null) =>
		organisations.find(
			(o) =>
				municipality !== null &&
				o.name.endsWith(municipality) &&
				((typeKey === 'shelter' && o.name.startsWith('Kvinno- och tjejjouren')) ||
					(typeKey === 'police' && o.name.startsWith('Polisen')))
		)?.id ?? null;

	// ---- the plan: one question every 7.3 days on average (25 a half-year), oldest first
	const plan: Planned[] = [];
	const start = addDays(today, -728);
	let honourIndex = 0;
	let otherIndex = 0;
	let slot = 0;
	for (let i = 0; ; i++) {
		const offset = Math.round(i * 7.3) + between(-2, 2);
		const receivedOn = workday(addDays(start, Math.max(0, offset)));
		if (receivedOn > today) break;
		// Four in five are about honour-related violence: every fifth is about something else.
		const honour = i % 5 !== 3;
		const chosen = honour
			? HONOUR_CASES[(honourIndex++ * 7) % HONOUR_CASES.length]
			: OTHER_CASES[(otherIndex++ * 3) % OTHER_CASES.length];
		const draw = random();
		const channel: Channel = chosen.general
			? draw < 0.7
				? 'team_meeting'
				: 'email'
			: draw < 0.47
				? 'email'
				: draw < 0.85
					? 'phone'
					: draw < 0.95
						? 'team_meeting'
						: 'web_form';
		plan.push({
			receivedOn,
			source: 'staff',
			channel,
			municipality: MUNICIPALITY_CYCLE[slot++ % MUNICIPALITY_CYCLE.length],
			case: chosen,
			assigneeEmail: random() < 0.75 ? COORDINATOR : SECOND_COORDINATOR,
			status: 'closed',
			followUpOn: null
		});
	}
	// Members' questions, spread over the two years; the newest one answered only last week.
	const memberAt = [0.15, 0.4, 0.65, 0.93].map((share) => Math.floor(share * plan.length));
	for (const [k, index] of memberAt.entries()) {
		const member = MEMBER_QUESTIONS[k];
		plan[index] = {
			...plan[index],
			source: 'member',
			channel: 'web_form',
			municipality: member.municipality,
			case: member.case,
			askerEmail: member.email,
			assigneeEmail: COORDINATOR
		};
	}

	// Statuses by age: closed when old (some left answered), answered or in progress in the last
	// months, new in the last days. All open ones are the demo coordinator's.
	for (const [index, p] of plan.entries()) {
		const age = daysBetween(p.receivedOn, today);
		if (age <= 12) p.status = 'new';
		else if (age <= 30) p.status = p.source === 'member' ? 'answered' : 'in_progress';
		else if (age <= 80) p.status = index % 3 === 0 && p.source === 'staff' ? 'closed' : 'answered';
		else p.status = index % 11 === 4 ? 'answered' : 'closed';
		if (p.status !== 'closed') p.assigneeEmail = COORDINATOR;
		if (p.status === 'new' && index === plan.length - 1) p.assigneeEmail = null;
		// Follow-up dates: a third of the cases got one after the first advice. Only closed ones keep
		// a date that has passed, so that exactly one follow-up is overdue (below).
		const followUpOn = workday(addDays(p.receivedOn, 21 + (index % 4) * 7));
		if (index % 3 === 1 && p.status !== 'new' && (p.status === 'closed' || followUpOn > today))
			p.followUpOn = followUpOn;
	}
	const inProgress = plan.filter((p) => p.status === 'in_progress');
	// One follow-up is overdue (in progress, the date passed three days ago); the others lie ahead.
	if (inProgress[0]) inProgress[0].followUpOn = addDays(today, -3);
	for (const p of inProgress.slice(1)) p.followUpOn = workday(addDays(today, 10));
	// One closed consultation was reopened when the asker came back, and closed again.
	const reopened = plan.find((p, index) => p.status === 'closed' && index > 20 && p.source === 'staff');
	if (reopened) reopened.reopened = true;
	// The anonymous question came in through the public form last week and has its answer.
	plan.push({
		receivedOn: workday(addDays(today, -6)),
		source: 'anonymous',
		channel: 'web_form',
		municipality: null,
		case: {
			...HONOUR_CASES[0],
			question: ANONYMOUS_QUESTION,
			askerFunction: 'Fritidsledare',
			asker: '',
			perpetrator: 'parents',
			advice: ANONYMOUS_ANSWER,
			referral: undefined
		},
		assigneeEmail: COORDINATOR,
		status: 'answered',
		followUpOn: null
	});
	plan.sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0));

	// ---- writing it, the way the services would have over the two years
	const at = (day: string, hour: number, minute = 0) => {
		const instant = new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
		return instant.getTime() > now.getTime() ? now : instant;
	};
	const closedBefore = new Date(now.getTime());
	closedBefore.setUTCMonth(closedBefore.getUTCMonth() - DEFAULT_RETENTION_MONTHS);

	for (const p of plan) {
		const id = randomUUID();
		const where = { networkId, recordId: id };
		const year = Number(p.receivedOn.slice(0, 4));
		const reference = formatReference(network.referencePrefix, year, await nextReferenceNumber(db, networkId, year));
		const assignee = p.assigneeEmail ? ctx.userId(p.assigneeEmail) : null;
		const asker = p.askerEmail ? ctx.userId(p.askerEmail) : null;
		const createdBy = p.source === 'member' ? asker : p.source === 'anonymous' ? null : assignee;
		const c = p.case;
		const received = at(p.receivedOn, 7, between(0, 59));
		await insertConsultation(
			db,
			networkId,
			{
				id,
				reference,
				source: p.source,
				receivedOn: p.receivedOn,
				channel: p.channel,
				municipalityId: p.municipality ? idOf(municipalityId, p.municipality, 'municipality') : null,
				organisationTypeId: c.asker ? idOf(typeId, c.asker, 'organisation type') : null,
				askerFunction: c.askerFunction,
				caseType: c.caseType,
				ageGroup: c.ageGroup,
				gender: c.gender,
				vulnerableDisability: c.vulnerabilities?.includes('disability') ?? false,
				vulnerableLgbtq: c.vulnerabilities?.includes('lgbtq') ?? false,
				vulnerableNewlyArrived: c.vulnerabilities?.includes('newly_arrived') ?? false,
				perpetrator: c.perpetrator,
				urgency: c.urgency,
				followUpOn: null,
				status: 'new',
				assigneeUserId: null,
				askerUserId: asker,
				createdByUserId: createdBy,
				questionEncrypted: encryptColumn(keyring, consultationColumns, 'question_encrypted', where, c.question),
				contactEncrypted: null,
				followUpCodeHash:
					p.source === 'anonymous'
						? createHash('sha256')
								.update(`${id}:${normaliseFollowUpCode(DEMO_FOLLOW_UP_CODE)}`)
								.digest('base64url')
						: null
			},
			received
		);
		await setTopics(
			db,
			networkId,
			id,
			c.topics.map((key) => idOf(topicId, key, 'topic')),
			p.receivedOn
		);
		await insertTransition(db, networkId, id, null, 'new', createdBy, received);
		await recordAudit(db, {
			action: 'consultations.created',
			networkId,
			actorUserId: createdBy,
			entityType: 'consultation',
			entityId: id,
			at: received
		});

		let status: ConsultationStatus = 'new';
		const move = async (to: ConsultationStatus, when: Date) => {
			const answerDays = to === 'answered' ? daysBetween(p.receivedOn, todayIn(network.timeZone, when)) : null;
			await setStatus(db, networkId, id, status, to, when, answerDays);
			await insertTransition(db, networkId, id, status, to, assignee, when);
			status = to;
		};
		const log = async (kind: LogKind, day: string, minutes: number, text: string | null, referral?: string) => {
			const logId = randomUUID();
			const referralOrganisationId = referral ? organisationFor(referral, p.municipality) : null;
			await insertLogEntry(
				db,
				networkId,
				id,
				{
					id: logId,
					kind,
					occurredOn: day,
					minutesSpent: minutes,
					textEncrypted: encryptColumn(
						keyring,
						consultationLogColumns,
						'text_encrypted',
						{ networkId, recordId: logId },
						text
					),
					referralTypeId: referral && !referralOrganisationId ? idOf(typeId, referral, 'organisation type') : null,
					referralOrganisationId,
					authorUserId: assignee
				},
				at(day, 9, between(0, 59))
			);
		};
		if (assignee) await setAssignee(db, networkId, id, assignee, at(p.receivedOn, 8));
		if (p.status === 'new') continue;

		const age = daysBetween(p.receivedOn, today);
		await move('in_progress', at(p.receivedOn, 8, 30));
		if (p.status === 'in_progress') {
			await log('note', p.receivedOn, between(2, 6) * 5, LOG_TEXTS.note);
			if (p.followUpOn) await setFollowUp(db, networkId, id, p.followUpOn, at(p.receivedOn, 9));
			continue;
		}
		// The first answer a few working days after the question came in (the same day when acute).
		const answerDay =
			c.urgency === 'acute' ? p.receivedOn : workday(addDays(p.receivedOn, Math.min(between(1, 6), Math.max(0, age))));
		const answerDayClamped = answerDay > today ? today : answerDay;
		await log('advice', answerDayClamped, between(4, 18) * 5, c.advice);
		if (c.referral && random() < 0.6)
			await log('referral', answerDayClamped, between(2, 4) * 5, LOG_TEXTS.referral, c.referral);
		if (p.source !== 'staff') {
			const answer = p.source === 'anonymous' ? ANONYMOUS_ANSWER : c.advice;
			await setAnswer(
				db,
				networkId,
				id,
				encryptColumn(keyring, consultationColumns, 'answer_encrypted', where, answer),
				at(answerDayClamped, 13)
			);
		}
		await move('answered', at(answerDayClamped, 13, between(0, 59)));
		await recordAudit(db, {
			action: 'read',
			networkId,
			actorUserId: assignee,
			entityType: 'consultation',
			entityId: id,
			at: at(p.receivedOn, 8, 15)
		});
		if (c.general || (c.urgency !== 'normal' && random() < 0.5)) {
			const meetingDay = workday(addDays(answerDayClamped, between(3, 12)));
			if (meetingDay <= today) await log('team_meeting', meetingDay, between(3, 6) * 5, LOG_TEXTS.team_meeting);
		}
		if (p.followUpOn) {
			await setFollowUp(db, networkId, id, p.followUpOn, at(answerDayClamped, 14));
			if (p.followUpOn <= today && p.status === 'closed')
				await log('follow_up', p.followUpOn, between(2, 6) * 5, LOG_TEXTS.follow_up);
		}
		if (p.status !== 'closed') continue;

		const lastWork = p.followUpOn && p.followUpOn > answerDayClamped ? p.followUpOn : answerDayClamped;
		const closeDay = workday(addDays(lastWork, between(5, 25)));
		let closedAt = at(closeDay > today ? today : closeDay, 14, between(0, 59));
		await move('closed', closedAt);
		if (p.reopened) {
			const back = workday(addDays(closedAt.toISOString().slice(0, 10), 30));
			if (addDays(back, 20) < today) {
				await move('in_progress', at(back, 9));
				await log('advice', back, 45, LOG_TEXTS.reopened);
				await move('answered', at(back, 15));
				closedAt = at(addDays(back, 20), 10);
				await move('closed', closedAt);
			}
		}
		// Texts of consultations closed longer ago than the default retention are gone, as the daily
		// retention job would have erased them; the structured fields stay for the statistics.
		if (closedAt < closedBefore) {
			const erasedAt = new Date(closedAt.getTime());
			erasedAt.setUTCMonth(erasedAt.getUTCMonth() + DEFAULT_RETENTION_MONTHS);
			erasedAt.setUTCHours(2, 0, 0, 0);
			erasedAt.setUTCDate(erasedAt.getUTCDate() + 1);
			await eraseConsultationTexts(db, networkId, [id], closedBefore, erasedAt > now ? now : erasedAt);
		}
	}
}
