/* veil-text-lexicon.c: the project's own word lists (see veil-text-lexicon.h).
 *
 * Written for Veil from general knowledge of names in the UK (English, Welsh, Scottish, Irish,
 * South Asian, African, Caribbean, Chinese, Polish and other communities), of eponyms used in
 * radiology and pathology reports, and of the words UK reports are made of. Nothing here was
 * downloaded. A '*' (before or after) marks a name that is also an ordinary or clinical word (it is a
 * name only in a name's context); a leading '~' marks an eponym that is also a place or an
 * ordinary word, protected only where a clinical word follows it ("Nottingham grade").
 *
 * Lists are space-separated so they stay easy to read and extend; they are parsed once into
 * one hash table of folded word → flags.
 */
#include "veil-text-lexicon.h"

#include "veil-text-names-data.h"

#include <string.h>

static const char given_names[] =
  "Mae Rae Ann-Marie Aaliyah Aaron Abbie Abby Abdul Abdullah Abdullahi Abdi Abel Abena Abhishek Abigail Abimbola "
  "Abraham Ada Adaeze Adam Adamu Ade Adebayo Adele Adeline Adewale Adil Aditi Aditya Adjoa "
  "Adnan Adrian Adriana Afia Afzal Agata Agatha Agnes Agnieszka Ahmad Ahmed Aidan Aiden Ailsa "
  "Aimee Aisha Aisling Ajay Akash Akosua Akshay Alan Alana Alasdair Alastair Albert Alberto "
  "Aled Aleksandra Alessandro Alessia Alex Alexa Alexander Alexandra Alexandru Alexis Alfie "
  "Alfred Ali Alice Alicia Alina Alisha Alison Alistair Allan Allison Alma Alok Alya Amaka Amal "
  "Amanda Amar Amara Amarjit Amber* Amelia Amelie Amina Amir Amit Amna Amos Amrit Amy Ana Anand "
  "Ananya Anastasia Andre Andrea Andreas Andrei Andrew Andrzej Andy Aneesa Angela Angelica "
  "Angelo Angharad Angus Anika Anil Anisa Anita Anjali Ann Anna Annabel Annabelle Anne Annette "
  "Annie Anthony Antoinette Anton Antonia Antonio Anwar Aoife Arabella Archie Arfan Aria Ariana "
  "Arif Arjun Arlo Armando Arnold Arran Arthur Arun Arya Asad Asha Ashanti Ashleigh Ashley "
  "Ashok Ashraf Asif Asim Asma Astrid Athena Audrey Augustine Aurora Austin Ava Averil Avril "
  "Axel Ayaan Ayan Ayesha Ayo Ayodele Aziz Azhar Babatunde Bakhtiar Balbir Baljit Balwinder "
  "Barbara Barnaby Barney Barry Basil Bea Beatrice Beatrix Becky Belinda Bella Ben Benedict "
  "Benjamin Bernadette Bernard Bernice Beryl Bessie Beth Bethan Bethany Betsy Betty Beverley "
  "Bianca Bilal Bill* Billie Billy Blessing Blake Blessing Bob Bobby Bogdan Boris Bradley "
  "Brandon Branwen Brenda Brendan Brian Bridget Bridie Brigid Briony Britney Brodie Bronwen "
  "Bronwyn Brooke Bruce Bruno Bryan Bryn Bukola Bushra Byron Cai Caitlin Caitlyn Caleb Callum "
  "Calum Calvin Cameron Camilla Candice Cara Carl Carla Carlos Carly Carmel Carmen Carol Carole "
  "Caroline Carolyn Carrie Carys Casey Caspar Cassandra Catherine Cathal Cathy Catrin Catriona "
  "Cecil Cecilia Cecily Cedric Celia Celine Ceri Cerys Chantelle Charity* Charles Charley "
  "Charlie Charlotte Chelsea Cheryl Chester Chidi Chiamaka Chinedu Chioma Chloe Chris Christian "
  "Christina Christine Christopher Chukwuemeka Chloe Ciara Ciaran Cillian Claire Clara Clare "
  "Clarissa Claude Claudia Clement Clifford Clive Clodagh Cody Colette Colin Colleen Colm "
  "Connie Connor Conor Constance Cora Corey Cormac Cornelius Courtney Craig Cristina Cynthia "
  "Cyril Dafydd Daisy* Dale* Damian Damien Dan Dana Daniel Daniela Daniella Danielle Danny "
  "Daphne Darcey Darcy Darius Darragh Darren Darryl Daryl Dave David Davina Dawn* Dean Debbie "
  "Deborah Declan Deepa Deepak Deirdre Delia Delroy Delyth Demi Denis Denise Dennis Denzel "
  "Derek Dermot Desmond Destiny Devon Dexter Dhruv Diana Diane Diarmuid Dilip Dina Dinesh Divya "
  "Dominic Dominika Donal Donald Donna Dora Doreen Doris Dorota Dorothy Dougal Douglas Duncan "
  "Dwayne Dylan Eamon Eamonn Earl Ebony Eddie Edgar Edith Edmund Edna Edward Edwin Efua Eileen "
  "Eilidh Eimear Elaine Eleanor Eleni Elena Eleri Eli Elif Elijah Elin Elinor Elisa Elisabeth "
  "Elise Eliza Elizabeth Ella Elle Ellen Ellie Elliot Elliott Ellis Eloise Elsa Elsie Elspeth "
  "Elvis Emeka Emil Emilia Emilie Emily Emir Emma Emmanuel Emmeline Emrys Emyr Enid Enrique "
  "Eoin Eric Erica Erin Ernest Ernie Esi Esme Esther Ethan Ethel Eugene Euan Eunice Eva Evan "
  "Eve Evelyn Evie Ewa Ewan Ezra Fabian Faisal Faith* Farah Farhan Farid Farida Farzana Fatima "
  "Fatuma Fawad Fay Faye Felicity Felix Femi Fergal Fergus Fern Ffion Finbar Finlay Finley Finn "
  "Fiona Fleur Flora Florence Florin Folake Frances Francesca Francesco Francis Frank* Frankie "
  "Franklin Fraser Freda Freddie Freddy Frederick Freya Funmilayo Gabriel Gabriela Gabriella "
  "Gail Ganesh Gareth Garry Gary Gavin Gaynor Gemma Geoffrey Geoff George Georgia Georgina "
  "Geraint Gerald Geraldine Gerard Gerry Gethin Gheorghe Gianluca Gideon Gilbert Giles Gillian "
  "Gina Giovanni Giulia Giuseppe Gladys Glen Glenda Glenn Glenys Gloria Glyn Godfrey Gopal "
  "Gordon Grace* Gracie Graham Grainne Grant Greg Gregory Greta Griffin Grzegorz Gulshan "
  "Gurinder Gurpreet Guy* Gwen Gwendoline Gwyn Gwyneth Habib Hafsa Hakim Haleema Halima Hamid "
  "Hamish Hamza Hana Hannah Harinder Harish Harjinder Harley Harold Harpreet Harriet Harrison "
  "Harry Harvey Hasan Hassan Hayden Hayley Hazel Heather* Hector Heidi Helen Helena Heledd "
  "Henrietta Henry Herbert Hilary Hilda Hina Hira Hodan Holly* Hollie Homer Honor Hope* Horace "
  "Howard Hubert Hugh Hughie Hugo Humphrey Huw Hyacinth Iain Ian Ibrahim Ida Idris Ieuan "
  "Ifeanyi Ifeoma Ifor Igor Ikram Ilona Imani Imogen Imran Ina Inderjit Ines Inga Ingrid Innes "
  "Iolo Iona Ioana Ira Irene Irfan Irina Iris* Irma Isaac Isabel Isabella Isabelle Isaiah Isha "
  "Ishaan Isla Islay Ismail Isobel Ivan Ivor Ivy* Iwan Iyabo Jack Jackie Jackson Jacob "
  "Jacqueline Jacqui Jade Jadon Jagdish Jake Jakub Jamal James Jamie Jamila Jan Jane Janet "
  "Janice Janine Jarrod Jas Jasbir Jasmin Jasmine Jason Jaspreet Jaswinder Javed Javier Jay "
  "Jayden Jayne Jean Jeanette Jeanne Jed Jeffrey Jemima Jemma Jennifer Jenny Jenson Jeremy "
  "Jermaine Jerome Jess Jesse Jessica Jessie Jill Jim Jimmy Jo Joan Joanna Joanne Jocelyn Jodie "
  "Joe Joel Joey Johann John Johnny Jolene Jon Jonah Jonathan Jordan Jorge Jose Joseph "
  "Josephine Josh Joshua Josie Joss Joy* Joyce Juan Judith Judy Jules Julia Julian Juliana "
  "Julie Juliet Julius Jun June* Justin Justina Jyoti Kai Kamal Kamil Kamila Kane Kara Kareem "
  "Karen Karim Karina Karl Karolina Kasia Kate Katarzyna Katharine Katherine Kathleen Kathryn "
  "Kathy Katie Katrina Kavita Kay Kayla Kayleigh Keegan Keeley Keira Keith Kelly Kelvin Ken "
  "Kenneth Kenny Kerry Kevin Khadija Khadra Khalid Kian Kieran Kim Kimberley Kiran Kirsten "
  "Kirsty Kishan Kit Kofi Kojo Krishna Krisztina Krzysztof Kuldeep Kulwant Kunle Kwabena Kwaku "
  "Kwame Kyle Kylie Lachlan Lacey Lakshmi Lana Lance Lara Larry Laura Lauren Laurence Laurie "
  "Layla Leah Lee Leila Leighton Lena Lennon Lennox Leo Leon Leona Leonard Leonie Leroy Lesley "
  "Leslie Lewis Lexi Liam Libby Lila Lilian Lillian Lilly Lily* Lina Linda Lindsay Lindsey Ling "
  "Lisa Liz Lizzie Llinos Llewellyn Lloyd Logan Lois Lola Lorna Lorraine Lottie Louie Louis "
  "Louisa Louise Luca Lucas Lucia Lucie Lucinda Lucy Ludmila Luis Lukas Luke Lukasz Luna Lydia "
  "Lyn Lynda Lynn Lynne Mabel Maciej Maddison Madeleine Madeline Madhu Madison Maeve Magdalena "
  "Maggie Mahesh Mahmood Mahmoud Maia Mairead Maisie Maja Majid Malcolm Malgorzata Malik "
  "Mandeep Mandy Manjit Manoj Manpreet Mansoor Marc Marcel Marcia Marco Marcus Marek Margaret "
  "Margot Maria Mariam Marian Marianne Marie Marilyn Marina Mario Marion Marisa Marjorie Mark* "
  "Marlene Martha Martin Martina Martyn Mary Maryam Mason Matilda Matt Matteo Matthew Maud "
  "Maureen Maurice Mavis Max* Maxine Maxwell Maya Megan Meena Mehmet Meinir Melanie Melissa "
  "Melvin Meredith Merlin Mhairi Mia Michaela Michael Michal Micheal Michelle Mihai Mihaela "
  "Mikael Mike Mildred Miles* Millie Milly Milo Mina Minnie Miranda Miriam Mitchell Mohamed "
  "Mohammad Mohammed Moira Molly Mollie Monica Monika Morag Morgan Moses Muhammad Muhammed "
  "Mukesh Muriel Murray Murdo Mustafa Myles Myra Nabeel Nadeem Nadia Nadine Naeem Nancy Naomi "
  "Naresh Nasir Nasreen Natalia Natalie Natasha Nathan Nathaniel Naveed Navdeep Nazia Neal Neha "
  "Neil Nell Nellie Nerys Nia Niall Nicholas Nick Nicky Nicola Nicole Niamh Nigel Nikhil Nikita "
  "Nikolai Nikos Nina Nisha Nitin Noah Noel Noor Nora Norah Norma Norman Nuala Nusrat Obinna "
  "Oisin Ola Olamide Olga Oliver Olivia Ollie Olumide Oluwaseun Oluwatoyin Omar Oonagh Orla "
  "Orlaith Osama Osian Oscar Osman Owain Owen Padraig Paige Pamela Pankaj Paolo Paramjit "
  "Parveen Pat* Patricia Patrick Paul Paula Pauline Pawel Pearl Pedro Peggy Penelope Penny* "
  "Percy Perry Peter Petra Phil Philip Philippa Phillip Phoebe Phyllis Pierre Piotr Pippa "
  "Poppy* Pooja Prakash Pranav Precious Preeti Priya Priyanka Prudence Qasim Queenie Quentin "
  "Rachael Rachel Radha Radek Rafael Rafiq Rahim Rahul Raj Rajesh Rajinder Rakesh Ralph Ramesh "
  "Rana Randolph Raphael Rashid Ravi Ravinder Ray* Raymond Rebecca Rebekah Reece Reggie "
  "Reginald Rekha Rena Rene Reuben Rex Reza Rhian Rhiannon Rhoda Rhona Rhys Ria Ricardo Richard "
  "Ricky Rik Riley Rita Rob Robbie Robert Roberta Roberto Robin* Robyn Rocco Rod Rodney Roger "
  "Rohan Rohit Roisin Roland Roman Ron Ronald Ronan Ronnie Rory Rosa Rosalind Rose* Rosemary* "
  "Rosie Ross Rowan Rowena Roxanne Roy Ruairi Ruben Ruby* Rudy Rufus Rukhsana Rupert Russell "
  "Ruth Ryan Saad Sabrina Sadia Safiya Sahil Sahra Saima Saira Sajid Sally Salma Salman Sam "
  "Samantha Sameer Samina Samir Samira Samson Samuel Sana Sanchez Sandeep Sandra Sandy* "
  "Sangeeta Sanjay Sanjeev Santiago Sara Sarah Sasha Satish Saoirse Scarlett Scott Seamus Sean "
  "Sebastian Segun Selina Seren Serena Sergei Seth Shabana Shahid Shahida Shakil Shalini Shamim "
  "Shane Shanice Shannon Shanti Sharon Shaun Shauna Shazia Sheena Sheila Shelley Sherry Shirin "
  "Shirley Shivani Shoaib Shona Shreya Sian Sid Sidney Sienna Sierra Silvia Simon Simone Simran "
  "Sinead Siobhan Sita Skye Sofia Sohail Sonia Sonny Sophia Sophie Sorcha Stacey Stan Stanley "
  "Stefan Stefania Steffan Stella Stephanie Stephen Steve Steven Stewart Struan Stuart Subhash "
  "Sukhdev Sukhwinder Sultan Summer* Sunil Sunita Suresh Susan Susannah Susie Suzanne Sybil "
  "Sylvia Tadhg Tahir Tamara Tamsin Tania Tanya Tara Tariq Tasha Taslima Tatiana Taylor Ted "
  "Teddy Temitope Teresa Terence Teri Terry Tess Tessa Thea Theo Theodore Theresa Thomas Tia "
  "Tiffany Tilly Tim Timothy Tina Toby Todd Tom Tomasz Tommy Toni Tony Tracey Tracy Trevor "
  "Tristan Troy Tudor Tudur Tunde Tyler Tyrone Uche Una Usha Usman Uzma Valentina Valerie "
  "Vanessa Varun Veena Vera Vernon Veronica Vicky Victor Victoria Vijay Vikram Vincent Vinod "
  "Violet* Virginia Vivek Vivian Vivienne Wade Wahid Waleed Wallace Walter Wanda Waqar Warren "
  "Wasim Wayne Wei Wendy Wesley Wilfred Will* William Willow Winifred Winston Wojciech Xander "
  "Xavier Xin Yan Yasmin Yasmine Yaw Yetunde Yousef Yusuf Yvette Yvonne Zach Zachary Zahid "
  "Zahra Zain Zainab Zak Zara Zeynep Zoe Zofia Zoltan Zuzana ";

static const char surnames[] =
  "Abbott Abdi Abdullah Abdullahi Abrahams Acheampong Ackroyd Adams Adamson Adamczyk Addo "
  "Adebayo Aden Adeyemi Afolabi Agarwal Agyeman Ahluwalia Ahmad Ahmed Ainsworth Aitken Akhtar "
  "Akinola Akram Alam Alexander Ali Allan Allen Allison Almeida Alves Amoah Anand Anderson "
  "Andrews Annan Anwar Appiah Appleby Archer* Armitage Armstrong Arnold Arora Arshad Arslan "
  "Asante Ashby Ashcroft Ashton Ashworth Aslam Aspinall Astley Atherton Atkins Atkinson Atwal "
  "Austin Ayodele Aziz Azam Babatunde Bacon* Bagley Bailey Bains Baird Baker* Balogun Ball* "
  "Banerjee Banks* Bannister Baran Barber* Barclay Barker Barlow* Barnes Barnett Barr Barrett "
  "Barron Barry Bartlett Barton Bashir Bassett Bates Bateman Baxter Bayliss Beattie Beaumont "
  "Beck Beckett Begum Bell* Bello Bennett Benson Bentley Berry* Bevan Bhatia Bhatt Bhatti Bibi "
  "Bird* Birch* Bishop* Black* Blackburn Blackwell Blair Blake Blackmore Bloggs Bolton Bond* "
  "Booth* Bose Boateng Bostock Boulton Bowden Bowen Bower Bowers Bowman* Boyd Boyle Bradbury "
  "Bradley Bradshaw Brady Braithwaite Brennan Brewer Briggs Bright* Brindley Britton Broadbent "
  "Brock Brooks* Broughton Brown* Browne Bruce Bryan Bryant Buchanan Buckley Bull* Bullock "
  "Burgess Burke Burnett Burns* Burrows Burton Bush* Butcher* Butler* Butt Byrne Cairns "
  "Caldwell Callaghan Cameron Campbell Carey Carlisle Carr Carroll Carter* Cartwright Carvalho "
  "Casey Cassidy Chadwick Chamberlain Chambers* Chan Chandler Chandra Chang Chapman Charlton "
  "Chatterjee Chaudhry Chauhan Cheema Chen Cheng Cheung Chisholm Chopra Chow Chowdhury "
  "Choudhury Christie Christodoulou Chung Chukwu Clark Clarke Clayton Clements Clifford Coates "
  "Cochrane Cole Coleman Coles Collier Collins Connolly Connor Conway Cook* Cooke Cooper* "
  "Corbett Costa Cotton* Coulson Cousins Cowan Cox Craig Crawford Croft Cross* Crossley "
  "Crowther Cullen Cummings Cunningham Curtis Czarnecki Dabrowski Dale* Dalton Daly Daniel "
  "Daniels Darby Darko Das Dave Davey Davidson Davies Davis Dawson Day* Deacon Dean* Dempsey "
  "Denton Desai Devlin Dhillon Dickinson Dickson Dixon Dobson Dodd Doherty Donnelly Donovan "
  "Douglas Dowling Doyle Drake* Drummond Duda Dudek Duffy Duncan Dunn Dunne Durrant Dutta Dyer "
  "Eaton Eccles Edwards Elliott Ellis Emery Evans Everett Eze Fairclough Farah Farmer* Farooq "
  "Farrell Farrow Faulkner Fenton Ferguson Fernandes Fernando Ferreira Field* Fielding Finch* "
  "Finlay Fischer Fisher* Fitzgerald Fitzpatrick Flanagan Fleming Fletcher Flynn Foley Forbes "
  "Ford* Forrest Forster Foster Fowler Fox* Francis Franklin Fraser Freeman French* Frost* Fry "
  "Fuller Fung Furness Gallagher Gallo Gandhi Gardiner Gardner Garner Garrett Gaskell Gates "
  "Ghosh Gibbons Gibbs Gibson Gilbert Giles Gill* Gillespie Gilmour Glover Godfrey Goddard "
  "Goldberg Gomes Gomez Gonzalez Goodall Goodwin Gordon Gorman Gough Gould Gower Grabowski "
  "Graham Grant Graves* Gray* Green* Greenwood Gregory Grewal Grey* Griffin Griffith Griffiths "
  "Grimshaw Gunn Gupta Gurung Guthrie Hadley Haigh Haines Hale Hall* Hamer Hamilton Hammond "
  "Hampson Hancock Hanif Hanson Harding Hardy Hargreaves Harper Harris Harrison Hart* Hartley "
  "Harvey Hassan Hastings Hawkins Haworth Hay* Hayes Haynes Hayward Head* Healy Heath* "
  "Henderson Hendry Henry Hepburn Herbert Heron Hewitt Hicks Higgins Hill* Hilton Hinds Hines "
  "Hobbs Hodges Hodgson Hogan Holden Holland* Holloway Holmes* Holt Hood* Hooper Hope* Hopkins "
  "Horne Horton Hossain Houghton Howard Howarth Howe Howell Howells Huang Hudson Hughes Hume "
  "Humphreys Hunt* Hunter* Hurst Hussain Hussein Hutchinson Hutton Hyde Ibrahim Ingram Ioannou "
  "Iqbal Ireland* Irvine Irving Islam Iyer Jack Jackson Jacobs James Jamieson Jarvis Javed "
  "Jenkins Jennings Jessop John Johns Johnson Johnston Johnstone Jones Jordan Joseph Joshi "
  "Joyce Judd Jukes Kamara Kaminski Kane Kapoor Kaur Kavanagh Kay Kaya Keane Kearney Keating "
  "Keeble Kelly Kemp Kendall Kennedy Kenny Kent Kerr Khalid Khan Khanna Khatun Kidd Kilic King* "
  "Kingston Kinsella Kirby Kirk Kirkpatrick Knight* Knowles Kowalski Kowalska Kozlowski "
  "Krawczyk Krishnan Kumar Kurt Lal Lam Lamb* Lambert Lane* Lang Langley Latif Lau Law Lawrence "
  "Lawson Leach Lee Leech Leigh Leonard Leung Lewandowski Lewis Li Lin Lindsay Ling Little* "
  "Liu Livingstone Llewellyn Lloyd Lo Lock Logan Long* Lopez Lord* Lowe* Lucas Lynch Lyon Lyons "
  "Macdonald MacDonald Macfarlane Mack Mackay Mackenzie Mackintosh Maclean MacLeod Macmillan "
  "Madden Maguire Mahmood Mahmud Malik Mann* Manning Marsden Marsh* Marshall Martin Martinez "
  "Mason* Massey Mathews Mathieson Matthews Maxwell May* Mayer McAllister McArthur McBride "
  "McCabe McCall McCann McCarthy McClelland McConnell McCormack McCulloch McDermott McDonald "
  "McDonnell McDougall McEwan McFarlane McGee McGill McGowan McGrath McGregor McGuinness "
  "McGuire McInnes McIntosh McIntyre McKay McKenna McKenzie McKinnon McLaren McLaughlin McLean "
  "McLeod McMahon McManus McMillan McNally McNamara McNeil McPherson McQueen McRae Mead Mehta "
  "Mellor Menon Mensah Mercer Meredith Metcalfe Miah Michael Middleton Miles* Miller Mills* "
  "Milne Mistry Mitchell Modi Moffat Mohamed Mohammed Molloy Monaghan Montgomery Moody Moon* "
  "Mooney Moore Moran Morgan Morley Morris Morrison Morton Moss* Muir Mukherjee Mullan Mullen "
  "Murphy Murray Myers Nair Nash Naylor Nelson* Newman Newton Ng Nicholls Nichols Nicholson "
  "Nicol Nixon Noble* Nolan Norman Norris North* Norton Nowak Nugent Nwachukwu Nwosu Oakley Obi "
  "O'Brien O'Callaghan O'Connell O'Connor O'Donnell O'Donoghue O'Dwyer Ofori Ogunleye O'Hara "
  "O'Keeffe Okafor Okeke Okonkwo O'Leary Oliver Oliveira Olsen Omar O'Neill O'Reilly Ormerod "
  "Orr Osborne Osei O'Shea O'Sullivan Owen Owens Owusu Page* Paget Palmer Pandey Pandya "
  "Panesar Pang Papadopoulos Parekh Park* Parker* Parkes Parkin Parkinson Parmar Parry Parsons "
  "Patel Paterson Patterson Payne Peacock* Pearce Pearson Peck Pereira Perkins Perry Peters "
  "Petersen Phillips Pickering Pierce Pike* Pilling Pinto Pitt Platt Pollard Poole Pope Porter* "
  "Potter* Potts Powell Power* Pratt Prescott Preston Price* Prince* Pritchard Proctor Prosser "
  "Pugh Pullen Purcell Qureshi Quinn Quigley Rae Rafiq Rahman Rai Raja Ramsay Ramsden Rana "
  "Randall Rao Rashid Rathore Rawlings Rawlinson Ray* Rayner Read* Reddy Redmond Reed* Rees "
  "Reeves Regan Reid Rennie Reynolds Rhodes Riaz Rice* Richards Richardson Richmond Riley "
  "Ritchie Rixon Roberts Robertson Robins Robinson Robson Roche Rodgers Rodrigues Rodriguez "
  "Rogers Rooney Rose* Ross Rossi Rowe Rowland Rowley Roy Russell Russo Rutherford Ryan Sadiq "
  "Saeed Sahota Saleem Salter Sanders Sanderson Sandhu Santos Sargent Saunders Savage* Sawyer "
  "Saxena Scott Seddon Sen Sethi Sexton Seymour Shafiq Shah Shakespeare Sharma Sharp* Sharpe* "
  "Shaw Shepherd* Sheppard Sheikh Sherwood Short* Siddiqui Sidhu Silva Simmons Simpson Sims "
  "Sinclair Singh Skinner Slater Small* Smart Smith* Smyth Solanki Sparrow* Spencer Stanley "
  "Stanton Steele Stephens Stephenson Stevens Stevenson Stewart Stokes Stone* Storey Strong* "
  "Stuart Sullivan Summers Sutcliffe Sutherland Sutton Swain Swan* Sweeney Swift* Sykes Symonds "
  "Szymanski Tait Talbot Tam Tang Tanner* Tate Taylor Teixeira Tetteh Thakkar Thapa Thomas "
  "Thompson Thomson Thorne Thornton Thorpe Tiwari Todd Tomlinson Townsend Tran Travis Trivedi "
  "Tse Tucker Turnbull Turner* Tyler Uddin Underwood Upton Usher Vaughan Verma Vickers Vincent "
  "Virdi Wade Wainwright Walker Wall* Wallace Waller Walsh Walters Walton Wang Warburton Ward* "
  "Warner Warren Waters* Watkins Watson Watt Watts Weaver* Webb Webster Weir Welch Wells* West* "
  "Weston Whalley Wheeler Whelan Whitaker White* Whitehead Whitfield Whittaker Wieczorek "
  "Wiggins Wilcox Wild* Wilkins Wilkinson Williams Williamson Willis Wills Wilson Winter* "
  "Wisniewski Wong Wood* Woodcock Woods* Woodward Woolley Wozniak Wragg Wright Wu Wyatt Wylie Xu "
  "Yadav Yates Yeung Yilmaz Yip Young* Yousaf Yusuf Zaman Zhang Zhao Zhou Zielinski Achebe "
  "Adeleke Adeniyi Agbaje Ajayi Akintola Akpan Amadi Anyanwu Ayoola Chikwe Ekwueme Nnamdi "
  "Obiora Odunsi Ogundipe Okoro Oladipo Olawale Olowe Onuoha Oyelaran Oyewole Andersson "
  "Bjorklund Hansen Jansen Jensen Johansson Larsen Nielsen Olsson Svensson Bianchi Colombo "
  "Conti Esposito Ferrari Giordano Greco Lombardi Mancini Marino Moretti Ricci Rizzo Romano "
  "Bauer Becker Hoffmann Koch Krause Muller Schmidt Schneider Schulz Wagner Weber Wolf Demir "
  "Dogan Kara Koc Ozdemir Ozturk Sahin Yildiz Celik Aydin Georgiou Ioannidis Nicolaou "
  "Constantinou Charalambous Demetriou Panayiotou Savva Christou Papadakis Dhaliwal Gakhal "
  "Johal Kalsi Kang Mann Nagra Purewal Rehal Sohal Sangha Sekhon Thind Toor Bassi Bal Bhogal "
  "Chahal Dosanjh Gosal Ahmadi Akbar Asghar Chaudhary Haider Hameed Haq Hayat Hussein Jamil "
  "Kazmi Mir Mirza Naqvi Nawaz Rasool Rizvi Sadiq Sarwar Shaikh Zaidi Begg Bremner Cruickshank "
  "Docherty Fairbairn Gemmell Haddow Kinnear Laing Lennox MacAskill MacInnes MacKinnon MacNeil "
  "MacPhee McCreadie Moir Ogilvie Pirie Rankin Souter Strachan Tulloch Urquhart Wishart Ap-Rhys "
  "Bevan Gittins Gwynne Jenkin Llewelyn Meredith Probert Prothero Pryce Vaughan Morgan Bowen "
  "Adeyemo Ahenkorah Boakye Mensah-Bonsu Nkansah Ofosu Opoku Sarpong Yeboah Abara Chinwe Dike "
  "Ibe Igwe Nwankwo Nwoye Obioma Okafor Udeh Uzoma Cohen Levy Goldstein Rosenberg Silverman "
  "Shapiro Katz Freedman Nguyen Tran Pham Le Vu Hoang Phan Kowalczyk Wojcik Kaminska Zielinska "
  "Mazur Krol Nowicki Pawlak Michalski Sikora Jasinski Duda Wrobel Piotrowski Popescu Ionescu "
  "Popa Dumitru Stan Stoica Constantin Florea Radu Munteanu Kovacs Nagy Horvath Toth Szabo "
  "Varga Kiss Molnar Petrov Ivanov Smirnov Novak Horak Dvorak ";

static const char eponyms[] =
  "Dawson Simpson Lewis Anderson D'Alonzo Papile McDonald Brock Herder Achilles Addison Adson Alagille Alport Alzheimer Amyand Andersson Angelman Apert Apgar "
  "Arias-Stella Arnold Asherman Askanazy Aschoff Auer Auerbach Baastrup Baker Balthazar Bankart "
  "Bannayan Bardet Barlow Barrett Bartholin Barton Becker Beckwith Behcet Bell Bennett Bertin "
  "Bertolotti ~Bethesda Biedl Billroth Binet Binswanger Bismuth Blount Blumensaat Blumer "
  "Bochdalek Boerhaave Borrmann Bosniak Bouchard Bourneville Bowen Bowman Braxton Brenner "
  "Breslow Broca Brodie Brown-Sequard Brunner Budd Burkitt Buschke Call-Exner Calot Camper "
  "Cantlie Caplan Carney Caroli Castleman Charcot Chiari ~Chance Chopart Churg Clark Codman "
  "Cobb Colles Conn Cooper Councilman Couinaud Courvoisier Couvelaire Cowden Cowper Creutzfeldt "
  "Crohn Curschmann Cushing Dandy Darier Denonvilliers Disse Doppler Douglas ~Down Dubin "
  "Duchenne Dukes Dupuytren Dutcher ~Eagle Ebstein Edwards Ehlers Eisenmenger Elston Erb "
  "Erdheim Essex-Lopresti Evans Ewing Fabry Fallot Fanconi Fazekas Felty Fisher Fleischner "
  "Foley Forestier Frantz Freiberg Friedreich Frey Fuhrman Galeazzi Galen Gardner Garden "
  "Gartner Gaucher Gerota Gilbert Gimbernat Gleason Glisson Gorlin Graafian Graves Grynfeltt "
  "Guillain Guyon Haggitt Hailey Hamman Hampton Hartmann Hashimoto Hassall Heberden Heinz "
  "Heister Henle Hesselbach Hickman Hill-Sachs Hilgenreiner Hirano Hirschsprung Hodgkin Hoffa "
  "Homer-Wright Horner Hounsfield Howell-Jolly Hunter Huntington Hurler Hurthle Insall Ivor "
  "Jakob Jefferson Jeghers Jones Kaposi Kartagener Kasabach Kawasaki Kellgren Kerckring Kerley "
  "Kienbock Kikuchi Killian Klatskin Klinefelter Klippel Kocher Koebner Kohler Korsakoff "
  "Krukenberg Kummell Kupffer Kuttner Laimer Langerhans Larrey Lauren Legg Leydig Lemierre "
  "Letterer Lewy Leyden Li-Fraumeni Lisfranc Littre ~Looser ~Ludwig Luschka Lynch Maffucci "
  "Magendie Maisonneuve Mallampati Mallory Malpighi Marfan Marsh Masaoka Masson Meckel Meigs "
  "Meissner Merkel Meyerding Mikulicz Milroy Mirizzi Mirels Modic Monro Monteggia Morgagni "
  "Morison Morton Muir-Torre Munro Murphy Nabothian Neer Negri Niemann Nissen Noonan "
  "~Nottingham Nuck Oddi Ollier Ortolani Osgood Osler Outerbridge Paget Pancoast Paneth "
  "Parkinson Patau Pauwels Pellegrini Pendred Perthes Peutz Peyer Pfirrmann ~Pick Plummer "
  "~Poland Pott Potter Poupart Prader Preiser Pringle Purkinje Raynaud Reed Reed-Sternberg "
  "Reinke Reiter Retzius Richter Riedel Risser Rokitansky Rolando Rosai Rosenmuller Rosenthal "
  "Rotor Rouviere Roux Russell Salter Salter-Harris Santorini Scarpa Schatzker Schatzki "
  "Scheuermann Schiller Schlatter Schmorl Schwann Segond Seldinger Sertoli Sever Sezary Sheehan "
  "Shenton Sinding-Larsen Sjogren Skene Smith Spetzler Spiegel Spigelian Spitz Stensen "
  "Sternberg Stickler Stieda ~Still Sturge Sudeck Swan-Ganz Swyer Takayasu Tanner Tarlov "
  "Tay-Sachs Teichholz Thurston Tillaux Tonnis Treitz Trendelenburg Trousseau Turner Valsalva "
  "Vater Verocay Virchow ~Vincent Von-Hippel Waldenstrom Waldeyer Wallerian Warthin Weber "
  "Wegener Wells Wernicke Westermark Wharton Whipple Wiberg Williams Willis Wilms Wilson Wiltse "
  "Wirsung Wolff Wolffian Wrisberg Zenker Zollinger Zuckerkandl Ziehl-Neelsen Giemsa Grocott "
  "Perls Papanicolaou Kleihauer Gomori Alcian Warthin-Starry ~Fontana Masson-Fontana ~Lugano "
  "~Deauville ~Ann-Arbor ~Durie ~Salmon Rai Hinchey ~Milan Kudo Siewert Mandard Dworak "
  "Spigelman Truelove ~Montreal Rutgeerts Forrest Rockall Blatchford ~Glasgow ~Prague Savary "
  "~Vienna ~Ottawa Cormack Lehane Ballard Dubowitz Bishop Hadlock Enneking Tokuhashi Tomita "
  "Bilsky Borden Cognard Scheltens Koedam Hunt-Hess ~Hess ~Rankin Barthel ~Lund ~Browder "
  "~Wallace Clavien Dindo Charlson Karnofsky Zubrod ~Child Pugh Child-Pugh Meld Ranson "
  "~Marshall Glasgow-Blatchford ~Stanford DeBakey ~Crawford Sievert ~Gray Becquerel Tesla "
  "Roentgen Rontgen Curie Pap Gram Kirschner Steinmann Swanson Weil Frankel ~Mayo Nance Brodsky "
  "Sylvian Rolandic Monro-Kellie ~Meyer Heubner Bergmann Adamkiewicz Batson Galenic ~Kohn "
  "~Lambert ~Clara Ranvier Schlemm Bruch Descemet Tenon Zinn Muller Corti Reissner Eustachian "
  "Fallopian ~Montgomery Cajal Betz Nissl Golgi Brodmann Papez Meynert Luys Forel Probst Krebs "
  "Hering Morquio Hunter-Hurler Scheie Sly Pompe McArdle Gilbert-Meulengracht Crigler Najjar "
  "Zieve Mallory-Weiss Plummer-Vinson Kussmaul Cheyne-Stokes Korotkoff Austin-Flint "
  "Graham-Steell Carey-Coombs Duroziez Quincke Traube Corrigan Janeway Roth Osler-Weber-Rendu "
  "Kimura Kikuchi-Fujimoto Rosai-Dorfman Hand-Schuller-Christian Letterer-Siwe Erdheim-Chester "
  "Epstein-Barr ~Epstein ~Barr Coxsackie ~Norwalk ~Lyme ~Rocky Ebola Marburg Lassa Zika Dengue "
  "Chikungunya ";

static const char head_nouns[] =
  "algorithm algorithms rating questionnaire chart charts curve curves "
  "fingers finger biplane monoplane model models calculator nomogram equation formula criteria protocol disease diseases syndrome syndromes sign signs cyst cysts palsy lymphoma lymphomas sarcoma "
  "sarcomas tumour tumours tumor tumors fracture fractures classification classifications score "
  "scores scoring grade grades grading stage stages staging criteria criterion node nodes "
  "nodule nodules line lines pouch ligament ligaments duct ducts canal canals space spaces "
  "triangle fascia procedure procedures operation oesophagus esophagus ulcer ulcers hernia "
  "hernias neuroma neuromas index angle angles unit units level levels body bodies cell cells "
  "phenomenon reflex test tests manoeuvre maneuver position view views projection catheter "
  "catheters tube tubes stent stents filter shunt stain stains staining method system pattern "
  "appearance deformity lesion lesions naevus nevus naevi abscess granuloma granulomas "
  "carcinoma carcinomas adenoma metaplasia mucosa segment segments area gland glands capsule "
  "column columns foramen foramina process hump ring circle vein veins artery arteries nerve "
  "fossa recess hiatus diverticulum sequence anomaly malformation arthropathy arthritis "
  "dementia encephalopathy thyroiditis cystitis jelly organ crypts islets loop loops mater "
  "membrane membranes nodes triad tetrad law ratio rule rules scale type types variant variants "
  "effect space spaces zone zones bursa bursitis tendon tendons tear tears lesion sclerosis "
  "leukaemia leukemia anaemia anemia lymphadenopathy lymphadenitis cholangiocarcinoma fascia "
  "angiomatosis myeloma macroglobulinaemia macroglobulinemia transformation chorea ataxia "
  "dystrophy neuralgia neuropathy aneurysm infarct infarction areas pseudotumour pseudotumor "
  "stricture polyp polyps polyposis hamartoma hamartomas contracture tenosynovitis thumb finger "
  "toe elbow knee foot shoulder hip nodes nodule coli ileus enteritis colitis gastritis "
  "pancreatitis hepatitis spots spot plaques plaque rosettes rosette fibres fibers granules "
  "granule inclusion inclusions tangles bundle bundles varix varices valve valves stenosis "
  "atresia agenesis hypoplasia cirrhosis vasculitis arteritis granulomatosis meningioma glioma "
  "reaction response technique approach incision resection oesophagectomy esophagectomy "
  "gastrectomy pancreatoduodenectomy fundoplication anastomosis manoeuvre needle wire wires pin "
  "pins nail nails plate apparatus frame collar cast classification criteria mark marks pad fat ";

static const char of_nouns[] =
  "pouch circle ampulla sphincter ligament vein foramen foramina space canal organ loop islets "
  "crypts tetralogy fascia triangle columns column duct node ducts bursa pouches hiatus angle "
  "line capsule gland glands fossa ring tubercle tuberosity nodule nodes cells cell corpuscles "
  "bodies membrane tract nucleus area layer plexus artery valve fissure sinus diverticulum body ";

static const char stop_words[] =
  /* Species written after a genus initial ("S. aureus", "C. Difficile"): not surnames. */
  "Aureus Epidermidis Pyogenes Agalactiae Pneumoniae Viridans Faecalis Faecium Coli Difficile "
  "Perfringens Pylori Aeruginosa Albicans Glabrata Auris Tuberculosis Bovis Avium Fragilis "
  "Influenzae Parainfluenzae Catarrhalis Meningitidis Gonorrhoeae Trachomatis Pallidum "
  "Marcescens Cloacae Mirabilis Vulgaris Oxytoca Baumannii Maltophilia Cepacia Typhi Enteritidis "
  "Jejuni Monocytogenes Pertussis Burgdorferi Fumigatus Neoformans Jirovecii Carinii Gondii "
  "Falciparum Vivax Lugdunensis Milleri Anginosus Mutans Sanguinis Acnes Striatum Jeikeium "
  "Lactis Casei Pestis Tularensis Anthracis Cereus Subtilis Tetani Botulinum Diphtheriae "
  "Leprae Abscessus Chelonae Kansasii Marinum Xenopi Ulcerans Legionella Pneumophila "
  "Philips Siemens Canon Toshiba Hitachi Hologic Fujifilm Agfa Carestream Samsung Mindray Esaote Medtronic Stryker Zimmer DePuy Biomet Omnipaque Visipaque Gadovist Dotarem Primovist MultiHance Clariscan SonoVue Optiray Niopam Ultravist Iomeron Lipiodol Gastrografin Baritop Picolax Moviprep Aquilion Somatom Ingenia Skyra Prisma Signa Revolution Discovery Optima Lightspeed Biograph Vereos Achieva Avanto Aera Magnetom Brilliance Definition Force Flash Vida Verio Espree Architect Pioneer Voluson Logiq Acuson Affiniti Epiq Selenia Mammomat Senographe Dimension Artis Azurion Allura Innova Philips-Healthcare Mediq Microsoft Windows Excel Google England Scotland Wales Ireland Britain Kingdom United European Europe American America British English Welsh Scottish Irish Asian African Caribbean Chinese Indian Pakistani Bangladeshi Polish Romanian Christian Muslim Hindu Sikh Jewish Catholic Jehovah Witness Witnesses Caucasian White Black Mixed Other Saturday Sunday Christmas Easter Bank Holiday PACS RIS EPR EMIS SystmOne Cerner Epic Lorenzo Sectra Insignia Carestream-PACS Synapse IMPAX DOB DOD MRN CHI Hosp NHS No Tel Fax Mob Ext Ref Acc A About Above Abdomen Abdominal Absent Accession Acute Additional Adjacent Admission Adrenal "
  "Advice Advised After Again Age Agreed Air All Also Alternative Although Amended An "
  "Anaesthetic Anatomy And Angiogram Angiography Ankle Anterior Antero Aorta Aortic Apex Apical "
  "Appearance Appearances Appendix Appointment Appropriate Approximately Arch Are Area Areas "
  "Arm Arterial Artery As Ascending Ascites Aspect Aspiration Assessment At Atrium Attached "
  "Attention Audit Authorised Authorized Available Awaited Axial Axilla Axillary Background "
  "Barium Base Basal Be Because Been Before Below Benign Best Between Bilateral Biliary Biopsy "
  "Bladder Block Blocks Blood Body Bone Bones Bowel Brain Breast Breasts Brief Bronchi Bronchus "
  "But By Calcification Calcified Can Cancer Cannot Cardiac Care Carotid Case Cassette Cavity "
  "Cell Cells Central Cerebral Cervical Cervix Change Changes Chest Chronic Clear Clinic "
  "Clinical Clinically Close Colon Colonic Coloured Comment Comments Common Compared Comparison "
  "Conclusion Conclusions Confirmed Consistent Contact Contents Contrast Coronal Correlation "
  "Cortex Could Cranial Cross Current Cyst Cystic Cytology Date Day Days Dear Degenerative "
  "Delayed Department Dept Descending Description Details Diagnosis Diagnostic Diffuse Dilated "
  "Direct Discussed Discussion Disease Distal Distribution Does Doppler Dorsal Dose Drain Due "
  "Duodenum During Each Ear Early Effusion Elbow Electronically Emergency End Endometrium "
  "Enhancement Enlarged Entire Equivocal Evaluation Evidence Examination Excision Exam "
  "Extensive External Eye Face Facial Family Features Female Femoral Femur Fibula Film Films "
  "Final Finding Findings First Fixation Fluid Focal Follow Following Foot For Formal Fracture "
  "Fractures From Frontal Full Further Gall Gallbladder Gastric Gender General Given Gland "
  "Grade Graft Gross Group Gynaecology Had Haematology Haemorrhage Hand Has Have He Head Heart "
  "Height Hepatic Her Here Hernia High Hilar Hip His Histology Histopathology History Hospital "
  "However Hydronephrosis If Ileum Iliac Image Images Imaging Immediate Immunohistochemistry "
  "Impression In Incidental Increased Indication Indications Inferior Inflammatory Information "
  "Injury Intermediate Internal Interval Into Invasive Is It Its Jejunum Joint Joints Kidney "
  "Kidneys Knee Known Labelled Laboratory Large Lateral Left Leg Length Lesion Lesions Level "
  "Levels Ligament Likely Limited Liver Lobe Lobes Local Long Low Lower Lumbar Lung Lungs Lymph "
  "Macroscopic Macroscopy Main Male Malignancy Malignant Mammogram Mammography Margin Margins "
  "Marked Mass Maximum Measured Measurement Measurements Measuring Medial Mediastinal "
  "Mediastinum Medical Medicine Mesenteric Method Microscopic Microscopy Mid Mild Minimal "
  "Moderate Modality More Most Mouth Multiple Muscle Myocardial Nasal Neck Needle Negative New "
  "Next Nil No Nodal Node Nodes Nodule Nodules Non None Normal Nose Not Note Noted Now Nuclear "
  "Number Oblique Obstetric Occipital Of Oesophagus Old On Oncology One Only Opinion Or Orbit "
  "Other Our Outpatient Ovary Over Pain Pancreas Paper Parietal Part Partial Past Patient "
  "Patients Pelvic Pelvis Per Performed Pericardial Peripheral Peritoneal Physician Plain Plan "
  "Please Pleural Portal Positive Possible Post Posterior Pre Pregnancy Present Previous "
  "Primary Prior Procedure Prostate Protocol Provisional Proximal Pulmonary Queries Query "
  "Question Radiograph Radiographs Radiography Radiology Radiotherapy Range Rather Reason "
  "Received Recent Recommend Recommendation Recommendations Rectal Rectum Referral Referred "
  "Region Related Remains Renal Repeat Report Reported Reporting Request Requested Resection "
  "Residual Result Results Retroperitoneal Review Reviewed Rib Ribs Right Routine Sagittal Same "
  "Sample Scan Scans Second Section Sections Seen Segment Sent Series Serous Severe Sex "
  "Shoulder Side Signed Significant Simple Sinus Site Size Skin Skull Slice Slices Small Soft "
  "Some Specimen Specimens Spine Spinal Spleen Stable Stage Staging Status Stomach Study "
  "Subject Submitted Suggest Suggested Suggestion Suggestive Summary Superior Supplementary "
  "Surgery Surgical Suspected Suspicious Symptoms Systemic Technique Temporal Tendon Test That "
  "The Their Then There These They This Thoracic Thorax Those Three Thyroid Tibia Time Tissue "
  "To Total Trachea Transverse Treatment Trust Tube Tumour Tumor Two Type Ultrasound Under Unit "
  "Unremarkable Upper Ureter Urgent Urinary Urine Uterus Usual Vagina Valve Vascular Vein "
  "Venous Ventricle Ventricular Verbal Vertebra Vertebral View Views Visualised Volume Wall Was "
  "Weeks Weight Well Were What When Where Which While White Whole With Within Without Would "
  "Wrist X Xray Year Years Yes You Your CT MRI MR US XR PET SPECT NM CXR AXR KUB DEXA DXA IVU "
  "ERCP MRCP OGD EUS FNA FNAC CNB MDT NHS GP ED AE ICU ITU HDU SHO FY1 FY2 ST ST1 ST2 ST3 ST4 "
  "ST5 ST6 SpR StR RCR IHC HE H&E ER PR HER2 FISH TNM WHO ISUP Addendum Amendment Supplementary "
  "Frozen Cytopathology Neuropathology Dermatopathology Renal Liver Gastrointestinal Lymphoma "
  "Haematopathology Microbiology Biochemistry Immunology Virology Yours Sincerely Faithfully "
  "Regards Kind Best Thanks Thank Many Warm Kappa Lambda Alpha Beta Gamma Delta Grace-period "
  "Sir Madam Colleague Polycythaemia Vera Carina Pia Dura Mater Lingula Uvula Fornix Pons Iris "
  "Retina Cornea Lens Macula Fovea Cochlea Vestibule Helix Tragus Concha Bulla Ala Cauda Equina "
  "Conus Medullaris Filum Terminale Falx Tentorium Vermis Tonsil Tonsils Adenoid Adenoids "
  "Septum Atria Ostium Os Hilum Hila Porta Hepatis Fundus Antrum Pylorus Cardia Caecum Cecum "
  "Sigmoid Splenic Flexure Appendix Ileocaecal Terminal Mesentery Omentum Peritoneum Pleura "
  "Pericardium Diaphragm Crus Crura Hiatus Psoas Iliopsoas Gluteus Piriformis Obturator Levator "
  "Ani Sphincter Perineum Scrotum Testis Testes Epididymis Prostate Seminal Vesicles Urethra "
  "Penis Vulva Labia Clitoris Ovaries Adnexa Myometrium Endometrium Cervix Placenta Umbilicus "
  "Navel Mammographic Sonographic Radiological Radiographic Histological Cytological "
  "Pathological Morphological Immunohistochemical Molecular Genetic Cytogenetic Grade Stage "
  "Score Group Type Level Class Category Zone Male Female Man Woman Boy Girl Child Baby Infant "
  "Adult Elderly Lady Gentleman Mother Father Son Daughter Wife Husband Partner Sister Brother "
  "Relative Carer Friend Neighbour Mon Tue Wed Thu Fri Sat Sun Ward Theatre Outpatients "
  "Inpatient Inpatients Clinic Clinics Department Reception Pharmacy Mortuary Laboratory Lab ";

static const char role_words[] =
  "Consultant Consultants Registrar Registrars Radiologist Radiologists Pathologist "
  "Pathologists Histopathologist Histopathologists Cytopathologist Neuropathologist "
  "Radiographer Radiographers Sonographer Sonographers Surgeon Surgeons Physician Physicians "
  "Oncologist Oncologists Urologist Gynaecologist Gastroenterologist Cardiologist Neurologist "
  "Neurosurgeon Dermatologist Haematologist Nephrologist Rheumatologist Endocrinologist "
  "Anaesthetist Orthopaedic Paediatrician Obstetrician Psychiatrist Geriatrician Intensivist "
  "Microbiologist Clinician Clinicians Doctor Doctors Nurse Nurses Practitioner Practitioners "
  "Specialist Specialists Associate Fellow Trainee Resident Houseman Intern Scientist "
  "Scientists Biomedical BMS Secretary Secretaries Manager Coordinator Co-ordinator "
  "Administrator Technician Technologist Assistant Healthcare Lead Head Director Professor "
  "Lecturer Senior Junior Principal Locum Staff Grade Specialty Speciality Interventional "
  "Diagnostic Reporting Advanced Clinical Medical Senior House Officer Officer GP GPs General "
  "Practitioner MBBS MBChB MB ChB BM BCh BS BSc MSc MD PhD DM MA BA FRCR FRCS FRCP FRCPath MRCP "
  "MRCS MRCPath FRCOG MRCOG FRCPCH FRCA FRANZCR FCR DMRD DMRT DRCOG DCH DipRCPath PGCert PGDip "
  "RN RGN RM HCPC GMC NMC CNS ANP APP ACP MDT Endoscopist Cytologist Cytoscreener Screener "
  "Mammographer Dietitian Physiotherapist Pharmacist Phlebotomist Midwife Health Visitor "
  "Chaplain Porter Typist Transcriptionist Audiotypist Dictated Typed Verified Authorised "
  "Authorized Checked Signed Reported Approved Requested Referred Copied Copy cc CC ";

static const char person_titles[] =
  "Mr Mrs Ms Miss Mx Master Mister Missus Madam Sir Dame Lady Lord Rev Revd Reverend Fr Father ";

static const char staff_titles[] =
  "Dr Doctor Prof Professor Sister Sr Nurse Matron Staff-Nurse Consultant Surgeon Col Colonel "
  "Capt Captain Lt Major Sgt ";

static const char street_words[] =
  "Road Rd Street St Avenue Ave Lane Ln Drive Close Cl Way Crescent Cres Court Ct Place Pl "
  "Gardens Gdns Terrace Terr Tce Grove Gr Park Square Sq Hill Row Walk Mews View Rise Green "
  "Parade Boulevard Broadway Circus Croft Dale Fold Gate Garth Hollow Mount Vale Wharf Wynd "
  "Yard Quay Quayside Embankment Esplanade Promenade Bank Brow Chase Copse Dene Drove Field "
  "Fields End Glebe Grange Heights Meadow Meadows Orchard Paddock Pastures Reach Ridge Side "
  "Spur Steps Approach Circle Cottages Estate Farm Manor Villas Wood Woods Willows Oval Loan "
  "Brae Gait Cross Market Precinct Path Passage Alley Boulevard Highway Bypass Hill Lea Leys "
  "Nook Pightle Ride Ings Carr Heath Moor Common ";

static const char institution_words[] =
  "Hospital Hospitals Infirmary Trust Trusts Surgery Practice Clinic Centre Center Hospice Ward "
  "Unit Laboratory Laboratories Healthcare Partnership Institute PCN ICB CCG Polyclinic Home "
  "Board Group Institution ";

static const char generic_place_words[] =
  "Outside Referring Another Other Previous Institution Institutions Area Areas Base Garrison Cottage Victoria Jubilee Millennium Royal General District Teaching University Universities Community County City Central "
  "Memorial Regional National Children Childrens Women Womens Maternity Cancer Eye Dental Heart "
  "Chest Orthopaedic Mental Specialist Specialised Acute Integrated Primary Secondary Care NHS "
  "Foundation Trust Health Healthcare Social Services Board Hospital Hospitals Infirmary "
  "Medical Centre Center Clinic Practice Surgery Group Family Partnership Ward Unit Breast "
  "Radiology Imaging Pathology Diagnostic Diagnostics Laboratory Laboratories Screening Service "
  "Services Department Day Outpatient Outpatients Inpatient Emergency Urgent Treatment "
  "Assessment Minor Injuries Renal Stroke Cardiac Cardiothoracic Neuroscience Neurosciences "
  "Spinal Burns Plastic Plastics Oncology Haematology Respiratory Endoscopy Theatre Theatres "
  "Intensive High Dependency Critical Coronary Admissions Surgical Elderly Rehabilitation Rehab "
  "Palliative Hospice Nursing Home Residential The Of And Saint St New Old North South East "
  "West Upper Lower Great Little Greater Mid Colorectal Vascular Urology Urological Gynaecology "
  "Gynaecological Orthopaedics Trauma ENT Maxillofacial Thoracic Hepatobiliary HPB GI "
  "Gastrointestinal Gastroenterology Endocrine Endocrinology Paediatric Paediatrics Neonatal "
  "Neurology Neurosurgery Neurosurgical Dermatology Ophthalmology Rheumatology Transplant "
  "Cardiology Geriatric Fracture Pain Sleep Memory Lymphoedema Colposcopy Hysteroscopy "
  "Fertility Antenatal Sexual Genitourinary GUM Diabetes Diabetic Interventional Nuclear "
  "Molecular Cellular Cytology Histology Histopathology Microbiology Virology Immunology "
  "Genetics Genomics Genomic Pharmacy Physiotherapy Occupational Speech Dietetics Audiology "
  "Podiatry Orthotics Prosthetics Wound Stoma Continence Infection Resuscitation Anaesthetic "
  "Anaesthesia One Stop Rapid Access Two Week Wait Fast Track Lung Prostate Bowel Skin Head "
  "Neck Thyroid Bone Sarcoma Hand Foot Ankle Knee Hip Shoulder Sports Injury Good Best Current "
  "Standard Usual Normal Routine Private Independent Local Clinical General Private Joint "
  "Multidisciplinary MDT Virtual Telephone Video Review Follow Up Preassessment Pre Procedure "
  "Procedures Recovery Discharge Lounge Short Stay Observation Acute Medicine Surgery "
  "Obstetrics Obstetric Midwifery Labour Delivery Postnatal Gynae Scanning Scan Ultrasound MRI "
  "CT Xray X-Ray Fluoroscopy Mammography Research Trials Education Training Teaching Learning "
  "Quality Safety Governance Audit ";

static const char particles[] =
  "van von der den de del della di da dos das du le la el al bin ibn bint ap ab mac st ";

static const char months[] =
  "January February March April May June July August September October November December Jan "
  "Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec ";

static const char weekdays[] =
  "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs Fri "
  "Sat Sun ";

/* Units that may follow a number (case matters: "M" is not "m", "T" is tesla). Longest
 * first is not needed: the caller passes the exact token. */
static const char *const units[] = {
  "mm", "cm", "m", "km", "um", "\xc2\xb5m", "nm", "ml", "mL", "l", "L", "dl", "dL", "cc", "g",
  "kg", "mg", "mcg", "ug", "\xc2\xb5g", "ng", "pg", "HU", "%", "mSv", "Sv", "mGy", "Gy", "cGy",
  "mGycm", "mGy.cm", "mGy*cm", "MBq", "GBq", "kBq", "mCi", "mmol", "mmol/L", "mmol/l",
  "umol/L", "umol/l", "\xc2\xb5mol/L", "\xc2\xb5mol/l", "nmol/L", "nmol/l", "pmol/L", "pmol/l",
  "U/L", "U/l", "IU/L", "IU/l", "iu/l", "U/ml", "U/mL", "mU/L", "mIU/L", "g/L", "g/l", "g/dL",
  "g/dl", "mg/L", "mg/l", "mg/dl", "mg/dL", "ug/L", "ng/ml", "ng/mL", "ng/L", "pg/mL",
  "pg/ml", "kPa", "mmHg", "cmH2O", "bpm", "/min", "cm/s", "m/s", "mm/s", "ms", "msec", "s",
  "sec", "secs", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "day",
  "days", "week", "weeks", "wk", "wks", "month", "months", "year", "years", "yr", "yrs", "y",
  "yo", "T", "mT", "MHz", "kHz", "Hz", "kV", "kVp", "mA", "mAs", "mm2", "mm3", "cm2", "cm3",
  "mm\xc2\xb2", "mm\xc2\xb3", "cm\xc2\xb2", "cm\xc2\xb3", "ml/min", "mL/min", "L/min",
  "l/min", "mL/kg", "ml/kg", "mg/kg", "x", "X", "\xc3\x97", "cores", "core", "fragments",
  "fragment", "pieces", "piece", "blocks", "block", "slides", "nodes", "lesions", "mitoses",
  "HPF", "hpf", "/10HPF", "/mm2", "cells", "degrees", "deg", "\xc2\xb0", "\xc2\xb0" "C", "C",
  "mmol/mol", "fl", "fL", "pmol", "umol", "mEq/L", "ppm", "units", "unit", "IU", "mSv.", "kg/m2",
  "kg/m\xc2\xb2", "cm.", "mm.", "gauge", "G", "Fr", "F", "French", "MU", "mU", "mCi/kg",
};

static GHashTable *lexicon;   /* folded word → flags */
static GHashTable *starred;   /* folded names marked '*' in the lists */
static GHashTable *unit_set;  /* unit → itself */
static guint counts[19];

char *
veil_text_fold (const char *text, gsize len)
{
  GString *out = g_string_sized_new (len);
  gboolean ascii = TRUE;

  for (gsize i = 0; i < len; i++)
    if ((guchar) text[i] >= 0x80)
      {
        ascii = FALSE;
        break;
      }

  if (ascii)
    {
      for (gsize i = 0; i < len; i++)
        if (text[i] != '\'')
          g_string_append_c (out, g_ascii_toupper (text[i]));
      return g_string_free (out, FALSE);
    }

  /* Decompose, then drop combining marks and apostrophes (straight and curly), so "Siân"
   * folds to "SIAN" and "O’Brien" to "OBRIEN". Letters with no decomposition (ø, ł) are
   * upper-cased as they are. */
  g_autofree char *nfd = g_utf8_validate (text, (gssize) len, NULL)
                             ? g_utf8_normalize (text, (gssize) len, G_NORMALIZE_NFD)
                             : NULL;
  if (nfd == NULL)
    {
      for (gsize i = 0; i < len; i++)
        g_string_append_c (out, g_ascii_toupper (text[i]));
      return g_string_free (out, FALSE);
    }
  for (const char *p = nfd; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '\'' || c == 0x2019 || c == 0x2018 || g_unichar_ismark (c))
        continue;
      if (c < 0x80)
        g_string_append_c (out, g_ascii_toupper ((char) c));
      else
        g_string_append_unichar (out, g_unichar_toupper (c));
    }
  return g_string_free (out, FALSE);
}

static void
add_words (const char *list, guint flags)
{
  const char *p = list;

  while (*p)
    {
      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      const char *start = p;
      while (*p && *p != ' ')
        p++;

      guint word_flags = flags;
      const char *end = p;
      if (*start == '*' || end[-1] == '*')
        {
          word_flags |= VEIL_LEX_AMBIGUOUS;
          if (*start == '*')
            start++;
          else
            end--;
        }
      else if (*start == '~')
        start++; /* an eponym that needs a clinical word after it: not EPONYM_ONLY */

      char *folded = veil_text_fold (start, (gsize) (end - start));
      if (word_flags & VEIL_LEX_AMBIGUOUS)
        g_hash_table_add (starred, g_strdup (folded));
      guint old = GPOINTER_TO_UINT (g_hash_table_lookup (lexicon, folded));
      g_hash_table_insert (lexicon, folded, GUINT_TO_POINTER (old | word_flags));
    }
}

/* The generated name lists (veil-text-names-data.c): several thousand names of the UK's
 * communities. A name the hand lists above already know keeps their judgement: the
 * generator's '*' (also an English word) does not make "Smith" or "Khan" ambiguous, and
 * an eponym only ("Kimura", "Hashimoto") stays one (this runs after mark_eponyms_only()). */
static void
add_data_names (const char *list, guint flags)
{
  const char *p = list;

  while (*p)
    {
      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      const char *start = p;
      while (*p && *p != ' ')
        p++;
      const char *end = p;
      gboolean word = end[-1] == '*';
      if (word)
        end--;

      char *folded = veil_text_fold (start, (gsize) (end - start));
      guint old = GPOINTER_TO_UINT (g_hash_table_lookup (lexicon, folded));
      guint add = flags;
      if (word)
        add |= VEIL_LEX_ALSO_WORD;
      if (word && !(old & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)))
        {
          add |= VEIL_LEX_AMBIGUOUS;
          g_hash_table_add (starred, g_strdup (folded));
        }
      g_hash_table_insert (lexicon, folded, GUINT_TO_POINTER (old | add));
    }
}

/* Eponyms that are not also names and not marked '~' are eponyms only. */
static void
mark_eponyms_only (const char *list)
{
  const char *p = list;

  while (*p)
    {
      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      const char *start = p;
      while (*p && *p != ' ')
        p++;
      if (*start == '~')
        continue;

      g_autofree char *folded = veil_text_fold (start, (gsize) (p - start));
      guint flags = GPOINTER_TO_UINT (g_hash_table_lookup (lexicon, folded));
      if (!(flags & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME)))
        g_hash_table_insert (lexicon, g_strdup (folded),
                             GUINT_TO_POINTER (flags | VEIL_LEX_EPONYM_ONLY));
    }
}

static gpointer
build_lexicon (gpointer unused)
{
  lexicon = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  starred = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  add_words (given_names, VEIL_LEX_GIVEN);
  add_words (surnames, VEIL_LEX_SURNAME);
  add_words (eponyms, VEIL_LEX_EPONYM);
  add_words (head_nouns, VEIL_LEX_HEAD_NOUN);
  add_words (of_nouns, VEIL_LEX_OF_NOUN);
  add_words (stop_words, VEIL_LEX_STOP);
  add_words (role_words, VEIL_LEX_ROLE | VEIL_LEX_STOP);
  add_words (person_titles, VEIL_LEX_TITLE_PERSON);
  add_words (staff_titles, VEIL_LEX_TITLE_STAFF);
  add_words (street_words, VEIL_LEX_STREET);
  add_words (institution_words, VEIL_LEX_INSTITUTION);
  add_words (generic_place_words, VEIL_LEX_GENERIC_PLACE);
  add_words (particles, VEIL_LEX_PARTICLE);
  add_words (months, VEIL_LEX_MONTH);
  add_words (weekdays, VEIL_LEX_WEEKDAY);
  mark_eponyms_only (eponyms);
  add_data_names (veil_text_names_data_given, VEIL_LEX_GIVEN);
  add_data_names (veil_text_names_data_surnames, VEIL_LEX_SURNAME);

  /* A name that is also a word that is never a name, a title or an eponym (Ward, Bone,
   * Sister, Parkinson) needs context too. */
  GHashTableIter iter;
  gpointer key, value;
  g_hash_table_iter_init (&iter, lexicon);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint flags = GPOINTER_TO_UINT (value);
      if ((flags & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME))
          && (flags & (VEIL_LEX_STOP | VEIL_LEX_EPONYM | VEIL_LEX_TITLE_PERSON
                       | VEIL_LEX_TITLE_STAFF | VEIL_LEX_MONTH | VEIL_LEX_WEEKDAY
                       | VEIL_LEX_HEAD_NOUN | VEIL_LEX_STREET | VEIL_LEX_INSTITUTION
                       | VEIL_LEX_GENERIC_PLACE)))
        g_hash_table_iter_replace (&iter, GUINT_TO_POINTER (flags | VEIL_LEX_AMBIGUOUS));
    }
  g_hash_table_iter_init (&iter, lexicon);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint flags = GPOINTER_TO_UINT (value);
      if ((flags & (VEIL_LEX_GIVEN | VEIL_LEX_SURNAME))
          && ((flags & (VEIL_LEX_STOP | VEIL_LEX_TITLE_PERSON | VEIL_LEX_TITLE_STAFF | VEIL_LEX_MONTH
                        | VEIL_LEX_WEEKDAY | VEIL_LEX_HEAD_NOUN | VEIL_LEX_STREET
                        | VEIL_LEX_INSTITUTION | VEIL_LEX_GENERIC_PLACE))
              || g_hash_table_contains (starred, key)))
        g_hash_table_iter_replace (&iter, GUINT_TO_POINTER (flags | VEIL_LEX_WORD));
    }

  g_hash_table_iter_init (&iter, lexicon);
  while (g_hash_table_iter_next (&iter, &key, &value))
    for (guint bit = 0; bit < G_N_ELEMENTS (counts); bit++)
      if (GPOINTER_TO_UINT (value) & (1u << bit))
        counts[bit]++;

  unit_set = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    g_hash_table_add (unit_set, (gpointer) units[i]);
  return NULL;
}

static void
ensure_lexicon (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, build_lexicon, NULL);
}

guint
veil_text_lexicon_lookup (const char *folded)
{
  ensure_lexicon ();
  return GPOINTER_TO_UINT (g_hash_table_lookup (lexicon, folded));
}

gboolean
veil_text_lexicon_is_unit (const char *text, gsize len)
{
  char buf[24];

  ensure_lexicon ();
  if (len == 0 || len >= sizeof buf)
    return FALSE;
  memcpy (buf, text, len);
  buf[len] = '\0';
  return g_hash_table_contains (unit_set, buf);
}

guint
veil_text_lexicon_count (VeilLexFlags flag)
{
  ensure_lexicon ();
  for (guint bit = 0; bit < G_N_ELEMENTS (counts); bit++)
    if (flag == (1u << bit))
      return counts[bit];
  return 0;
}
